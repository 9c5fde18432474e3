import { describe, expect, it } from 'vitest';
import { isPrintableCodePoint, printableText } from '@tsunagu/contract';
import { decodeCoverage } from '@tsunagu/contract/code-point-ranges';
import { PDF_FONT_COVERAGE } from '@tsunagu/contract/pdf-font-coverage';
import { fontCodePoints, pdfFonts } from '../../../test/font-coverage.ts';
import { extractPdf } from '../../../test/pdf-reading.ts';
import { collectPdf, JapaneseDocument } from './japanese-fonts.ts';

/** Code points the writer never draws as glyphs (line breaks, variation selectors). */
const neverDrawn = (c: number) => c === 0x0a || c === 0x0d || (c >= 0xfe00 && c <= 0xfe0f) || c >= 0xe0100;

describe('the PDF font and the shared printability list', () => {
  it('lists exactly the code points the bundled fonts have glyphs for (regenerate it after a font upgrade)', () => {
    const listed = decodeCoverage(PDF_FONT_COVERAGE).flatMap(([start, end]) =>
      Array.from({ length: end - start + 1 }, (_, i) => start + i),
    );
    // If this fails: node scripts/generate-pdf-font-coverage.ts
    expect(listed).toEqual(fontCodePoints());
  });

  it('agrees with fontkit on every code point up to plane 3', () => {
    const disagreements: number[] = [];
    for (let c = 0; c <= 0x3ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue; // surrogates are not characters
      const font = pdfFonts.regular.hasGlyphForCodePoint(c) && pdfFonts.bold.hasGlyphForCodePoint(c);
      if (font !== isPrintableCodePoint(c) && !neverDrawn(c)) disagreements.push(c);
    }
    expect(disagreements).toEqual([]);
    expect(pdfFonts.regular.hasGlyphForCodePoint(0x20bb7)).toBe(true); // 𠮷
    expect(pdfFonts.regular.hasGlyphForCodePoint(0x2a6d6)).toBe(false); // 𪛖
    expect(pdfFonts.regular.hasGlyphForCodePoint(0x1f600)).toBe(false); // 😀
  });

  it('draws and measures what the font lacks as 〓', async () => {
    const doc = new JapaneseDocument({ size: 'A4' });
    const bytes = collectPdf(doc);
    doc.font('regular').fontSize(12);
    expect(doc.widthOfString('夜😀')).toBe(doc.widthOfString('夜〓'));
    doc.text('夜は一人が不安😀', 40, 40).text('𠮷野さんと𪛖さん', { width: 300 });
    doc.end();
    const { text } = await extractPdf(await bytes);
    expect(text).toBe(printableText('夜は一人が不安😀𠮷野さんと𪛖さん'));
    expect(text).toBe('夜は一人が不安〓𠮷野さんと〓さん');
  });
});
