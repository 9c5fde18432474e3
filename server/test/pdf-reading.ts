import { createRequire } from 'node:module';
import type { QRCode } from 'jsqr';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

// jsqr is CommonJS whose module.exports is the function itself (its types declare a default export).
const jsQR = createRequire(import.meta.url)('jsqr') as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => QRCode | null;

/** What a PDF says when read back: its text (whitespace removed), page count and size, and every QR code in its images. */
export async function extractPdf(
  bytes: Uint8Array,
): Promise<{ text: string; pages: number; width: number; height: number; qr: string[] }> {
  // pdf.js takes ownership of the buffer it is given: give it a copy.
  const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: false });
  const pdf = await task.promise;
  let text = '';
  const qr: string[] = [];
  let width = 0;
  let height = 0;
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    if (i === 1) [, , width, height] = page.view as [number, number, number, number];
    for (const item of (await page.getTextContent()).items) if ('str' in item) text += item.str;
    const ops = await page.getOperatorList();
    for (let k = 0; k < ops.fnArray.length; k++) {
      if (ops.fnArray[k] !== OPS.paintImageXObject) continue;
      const name = (ops.argsArray[k] as [string])[0];
      const image = await new Promise<{ width: number; height: number; data: Uint8Array }>((resolve) =>
        page.objs.get(name, resolve),
      );
      const code = jsQR(toRgba(image), image.width, image.height);
      if (code) qr.push(code.data);
    }
  }
  const pages = pdf.numPages;
  await task.destroy();
  return { text: text.replace(/\s+/g, ''), pages, width, height, qr };
}

/** pdf.js hands images over as grey, RGB or RGBA bytes; jsQR wants RGBA. */
function toRgba(image: { width: number; height: number; data: Uint8Array }): Uint8ClampedArray {
  const pixels = image.width * image.height;
  const channels = image.data.length / pixels;
  const rgba = new Uint8ClampedArray(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    const at = p * channels;
    const [r, g, b] =
      channels === 1
        ? [image.data[at]!, image.data[at]!, image.data[at]!]
        : [image.data[at]!, image.data[at + 1]!, image.data[at + 2]!];
    rgba.set([r, g, b, 255], p * 4);
  }
  return rgba;
}
