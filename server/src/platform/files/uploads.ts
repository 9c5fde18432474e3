import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart';
import { fileTypeFromBuffer } from 'file-type';
import { AppError, Invalid } from '../errors.ts';

/** Uploads (scanned consent forms now; message attachments later): PDF and images only. */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
const allowedTypes = new Set(['application/pdf', 'image/jpeg', 'image/png', 'image/webp']);

export interface Upload {
  filename: string;
  contentType: string;
  data: Buffer;
  sizeBytes: number;
  sha256: string;
}

/**
 * Reads the single file of a multipart request. Its type is decided by its content (magic
 * bytes), never by its name or the browser's claim; anything else is refused before storage.
 */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart())
    throw new Invalid('file', 'ファイルを multipart/form-data で送ってください。', 'FILE_REQUIRED');
  const part = await request.file();
  if (!part) throw new Invalid('file', 'ファイルが添付されていません。', 'FILE_REQUIRED');
  return toUpload(part, 'file');
}

async function toUpload(
  part: { filename: string; toBuffer: () => Promise<Buffer> },
  field: string,
): Promise<Upload> {
  const data = await part.toBuffer().catch((error: unknown) => {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(
        413,
        'FILE_TOO_LARGE',
        `ファイルは${UPLOAD_MAX_BYTES / 1024 / 1024}MBまでです。`,
        field,
      );
    }
    throw error;
  });
  if (data.length === 0) throw new Invalid(field, 'ファイルが空です。', 'FILE_EMPTY');
  const sniffed = await fileTypeFromBuffer(data);
  if (!sniffed || !allowedTypes.has(sniffed.mime)) {
    throw new AppError(
      415,
      'UNSUPPORTED_FILE_TYPE',
      'PDF または画像（JPEG・PNG・WebP）のファイルを選んでください。',
      field,
    );
  }
  return {
    filename: storableFilename(part.filename),
    contentType: sniffed.mime,
    data,
    sizeBytes: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}

/**
 * A file name as the browser sent it, made safe to store (PostgreSQL refuses NUL) and to send
 * back in a header: no path separator, quote or control character; cut at 120 characters
 * without splitting a surrogate pair.
 */
function storableFilename(name: string): string {
  const cut = Array.from(name || 'file')
    .slice(0, 120)
    .join('');
  // eslint-disable-next-line no-control-regex
  return cut.replace(/[\u0000-\u001F\u007F-\u009F\\/"]/g, '_').toWellFormed();
}

/**
 * Reads a multipart request with text fields and files, all checked before anything is stored:
 * a file of the wrong type or size refuses the whole request.
 */
export async function readMultipart(
  request: FastifyRequest,
  maxFiles: number,
): Promise<{ fields: Record<string, string>; files: Upload[] }> {
  const fields: Record<string, string> = {};
  const files: Upload[] = [];
  for await (const part of request.parts({ limits: { files: maxFiles + 1 } })) {
    if (part.type === 'file') {
      const index = files.length;
      if (index >= maxFiles)
        throw new Invalid('files', `添付ファイルは${maxFiles}個までです。`, 'TOO_MANY_FILES');
      files.push(await toUpload(part, `files.${index}`));
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  return { fields, files };
}

/** Sends a stored file as a download that the browser will not run or render inline in our origin. */
export function sendDownload(
  reply: FastifyReply,
  file: { filename: string; contentType: string; data: Uint8Array },
): FastifyReply {
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_');
  return reply
    .type(file.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(file.data));
}
