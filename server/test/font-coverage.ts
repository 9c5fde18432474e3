import * as fontkit from 'fontkit';
import { japaneseFonts } from '../src/platform/pdf/japanese-fonts.ts';

function openFont(file: string): fontkit.Font {
  const font = fontkit.openSync(file);
  if ('fonts' in font) throw new Error(`${file}: a font collection, not one font`);
  return font;
}

/** The PDF fonts as fontkit reads them for pdfkit, each opened once. */
export const pdfFonts = { regular: openFont(japaneseFonts.regular), bold: openFont(japaneseFonts.bold) };

/**
 * The code points the PDF fonts (regular and bold) both have glyphs for, ascending: the source
 * of contract/src/pdf-font-coverage.ts and of its check.
 */
export function fontCodePoints(): number[] {
  return pdfFonts.regular.characterSet
    .filter((c) => pdfFonts.bold.hasGlyphForCodePoint(c))
    .sort((a, b) => a - b);
}
