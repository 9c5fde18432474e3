import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { printableText } from '@tsunagu/contract';

const require = createRequire(import.meta.url);

/**
 * Noto Sans JP (SIL OFL 1.1) from npm, static TrueType: pdfkit embeds it as a subset, so a PDF
 * reads the same on every PC, printer and FAX machine without a system font.
 */
export const japaneseFonts = {
  regular: require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'),
} as const;

type TextOptions = PDFKit.Mixins.TextOptions;

/**
 * A pdfkit document with the Japanese fonts registered as 'regular' and 'bold', whose every text
 * (drawn or measured) passes through the contract's printableText: a character the font lacks
 * (an emoji, a rare kanji) prints as a visible 〓, never as a silent empty box.
 */
export class JapaneseDocument extends PDFDocument {
  constructor(options: PDFKit.PDFDocumentOptions) {
    super(options);
    this.registerFont('regular', japaneseFonts.regular);
    this.registerFont('bold', japaneseFonts.bold);
  }

  override text(text: string, x?: number | TextOptions, y?: number, options?: TextOptions): this {
    const printable = printableText(text);
    return typeof x === 'object' ? super.text(printable, x) : super.text(printable, x, y, options);
  }

  override heightOfString(text: string, options?: TextOptions): number {
    return super.heightOfString(printableText(text), options);
  }

  override widthOfString(text: string, options?: TextOptions): number {
    return super.widthOfString(printableText(text), options);
  }
}

/** Collects a pdfkit document's bytes; call after registering content, before `doc.end()`. */
export function collectPdf(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
}
