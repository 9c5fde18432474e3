import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Noto Sans JP (SIL OFL 1.1) from npm, static TrueType: pdfkit embeds it as a subset, so a PDF
 * reads the same on every PC, printer and FAX machine without a system font.
 */
export const japaneseFonts = {
  regular: require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'),
} as const;

/** Collects a pdfkit document's bytes; call after registering content, before `doc.end()`. */
export function collectPdf(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
}
