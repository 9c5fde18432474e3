import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import { AppError, Invalid } from '../../platform/errors.ts';

/**
 * What an import accepts, as bytes on disk: a ZIP of the official open data (one CSV inside) or a
 * CSV, in Shift_JIS (CP932, as published) or UTF-8 with or without a BOM. The limits are stated
 * in the README and refuse a file before it can exhaust memory or disk.
 */
export const importLimits = {
  /** An upload (ZIP or CSV) as sent. The largest official file (居宅介護, nationwide) zips to about 5 MB. */
  uploadBytes: 50 * 1024 * 1024,
  /** The CSV once unzipped. */
  csvBytes: 200 * 1024 * 1024,
  /** Entries in a ZIP: the official one holds one CSV. */
  zipEntries: 20,
  /** Unzipped ÷ zipped size: a CSV compresses about 5–10 times; a zip bomb a thousand. */
  compressionRatio: 100,
};
export type ImportLimits = typeof importLimits;

export type CsvEncoding = 'utf-8' | 'cp932';

const refuse = (code: string, message: string) => new Invalid('file', message, code);

/** The first bytes of a file. */
async function head(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) =>
      error ? reject(refuse('NOT_A_ZIP', `ZIP ファイルを読めません（${error.message}）。`)) : resolve(zip),
    ),
  );
}

/**
 * Extracts the one CSV of a ZIP to `target`, refusing a zip bomb: too many entries, an entry whose
 * stated size or compression ratio is beyond the limits, or one that inflates past its statement
 * (counted as it streams, so nothing larger than the limit is ever written).
 */
async function extractCsv(zipPath: string, target: string, limits: ImportLimits): Promise<void> {
  const zip = await openZip(zipPath);
  try {
    if (zip.entryCount > limits.zipEntries)
      throw refuse('ZIP_TOO_MANY_ENTRIES', `ZIP の中のファイルが多すぎます（${limits.zipEntries} 個まで）。`);
    const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => (/\.(csv|txt)$/i.test(e.fileName) ? resolve(e) : zip.readEntry()));
      zip.on('end', () => resolve(null));
      zip.on('error', (error: Error) =>
        reject(refuse('NOT_A_ZIP', `ZIP ファイルを読めません（${error.message}）。`)),
      );
      zip.readEntry();
    });
    if (!entry) throw refuse('ZIP_WITHOUT_CSV', 'ZIP の中に CSV ファイルがありません。');
    const mb = limits.csvBytes / 1024 / 1024;
    if (entry.uncompressedSize > limits.csvBytes)
      throw refuse('ZIP_BOMB', `ZIP の中の CSV が大きすぎます（展開後 ${mb}MB まで）。`);
    if (entry.compressedSize > 0 && entry.uncompressedSize / entry.compressedSize > limits.compressionRatio)
      throw refuse('ZIP_BOMB', '圧縮率が異常に高い ZIP（zip bomb の疑い）は取り込めません。');
    const stream = await new Promise<Readable>((resolve, reject) =>
      zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))),
    );
    let written = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        if (written > limits.csvBytes) done(refuse('ZIP_BOMB', `展開後の CSV が ${mb}MB を超えました。`));
        else done(null, chunk);
      },
    });
    await pipeline(stream, counter, createWriteStream(target)).catch((error: unknown) => {
      if (error instanceof AppError) throw error;
      throw refuse(
        'NOT_A_ZIP',
        `ZIP の中の CSV を展開できません（${error instanceof Error ? error.message : ''}）。`,
      );
    });
  } finally {
    zip.close();
  }
}

/**
 * Decides a CSV's encoding from its first 64 KB: a UTF-8 BOM, else valid UTF-8, else valid CP932
 * (iconv-lite marks bytes CP932 cannot read with U+FFFD). UTF-16 and binary files are refused.
 * The published files' own 「?」 (characters outside Shift_JIS) are text and stay as they are.
 */
export function detectEncoding(sample: Buffer): { encoding: CsvEncoding; bom: boolean } {
  if (sample.length === 0) throw refuse('FILE_EMPTY', 'ファイルが空です。');
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff))
    throw refuse(
      'ENCODING_UNSUPPORTED',
      'UTF-16 のファイルは取り込めません。Shift_JIS か UTF-8 で保存してください。',
    );
  if (sample.includes(0))
    throw refuse('NOT_CSV', 'CSV ファイル（または CSV を収めた ZIP）を選んでください。');
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return { encoding: 'utf-8', bom: false };
  } catch {
    // Not UTF-8: try Shift_JIS below.
  }
  // A sample may end inside a two-byte character (its lead byte alone decodes to U+FFFD): only
  // a replacement before the end says the bytes are not CP932. Dropping the last byte instead
  // would break a sample that ends on a whole character, leaving its lead byte alone.
  const text = iconv.decode(sample, 'cp932');
  if (!(text.endsWith('\uFFFD') ? text.slice(0, -1) : text).includes('\uFFFD'))
    return { encoding: 'cp932', bom: false };
  throw refuse(
    'ENCODING_UNKNOWN',
    '文字コードを判別できません。Shift_JIS（CP932）か UTF-8 の CSV を選んでください。',
  );
}

/** A CSV ready to read: where it is, its size and its encoding. */
export interface PreparedCsv {
  path: string;
  bytes: number;
  encoding: CsvEncoding;
  bom: boolean;
}

/**
 * Turns an uploaded or named file into a CSV on disk (unzipping a ZIP into `workPath`) and decides
 * its encoding. Everything that can be refused is refused here, before any row is read.
 */
export async function prepareCsv(
  path: string,
  workPath: string,
  limits: ImportLimits = importLimits,
): Promise<PreparedCsv> {
  const size = (await stat(path)).size;
  if (size > limits.uploadBytes)
    throw new AppError(
      413,
      'FILE_TOO_LARGE',
      `ファイルは ${limits.uploadBytes / 1024 / 1024}MB までです。`,
      'file',
    );
  let csvPath = path;
  if (isZip(await head(path, 4))) {
    await extractCsv(path, workPath, limits);
    csvPath = workPath;
  }
  const bytes = (await stat(csvPath)).size;
  if (bytes > limits.csvBytes)
    throw new AppError(413, 'FILE_TOO_LARGE', `CSV は ${limits.csvBytes / 1024 / 1024}MB までです。`, 'file');
  return { path: csvPath, bytes, ...detectEncoding(await head(csvPath, 64 * 1024)) };
}

/** A fatal UTF-8 decoder as a stream: a byte sequence that is not UTF-8 fails the import. */
function utf8Decoder(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch {
        done(refuse('ENCODING_MIXED', 'ファイルの途中に UTF-8 として読めない箇所があります。'));
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(refuse('ENCODING_MIXED', 'ファイルの末尾が UTF-8 として読めません。'));
      }
    },
  });
}

/** CP932 (Shift_JIS as Windows writes it) as a stream, through iconv-lite's decoder. */
function cp932Decoder(): Transform {
  const decoder = iconv.getDecoder('cp932');
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, decoder.write(chunk));
    },
    flush(done) {
      done(null, decoder.end() ?? '');
    },
  });
}

/** The CSV's text as a stream, decoded (a BOM dropped); `onBytes` is told how many raw bytes were read. */
export function readCsvText(csv: PreparedCsv, onBytes: (bytes: number) => void): Readable {
  const raw = createReadStream(csv.path);
  raw.on('data', (chunk: Buffer | string) => onBytes(chunk.length));
  const decoder = csv.encoding === 'utf-8' ? utf8Decoder() : cp932Decoder();
  raw.on('error', (error) => decoder.destroy(error));
  return raw.pipe(decoder);
}
