import { collectPdf, JapaneseDocument } from '../../platform/pdf/japanese-fonts.ts';
import { formatJapaneseDate } from '../../platform/tokyo-time.ts';

/**
 * The A4 sheets of plans (計画, 週間計画表, モニタリング報告書): boxes and tables close to the
 * customary 様式, over pdfkit with the Japanese font embedded. Dates print as Tokyo dates.
 */

export const INK = '#1a1a1c';
export const LINE = '#595959';
export const SHADE = '#eef1f5';

/** A date-only value as printed, '2026年12月7日'; empty when there is none. */
export const jaDate = (date: string | null | undefined): string => (date ? formatJapaneseDate(date) : '');

export const monthsLabel = (m: number | null) =>
  m === null ? '' : m === 1 ? '毎月' : m === 3 ? '3か月ごと' : m === 6 ? '6か月ごと' : `${m}か月ごと`;

export interface Cell {
  text: string;
  width: number;
  bold?: boolean;
  shade?: boolean;
  align?: 'left' | 'center';
}

/** A small table and box writer over pdfkit that breaks pages between rows, never inside one. */
export class Sheet {
  readonly doc: PDFKit.PDFDocument;
  readonly left: number;
  readonly width: number;
  readonly bottom: number;
  y: number;
  fontSize = 9;
  readonly pad = 4;
  /** Drawn again at the top of each new page while a table continues. */
  repeatHeader: Cell[] | null = null;

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
    this.left = doc.page.margins.left;
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    this.bottom = doc.page.height - doc.page.margins.bottom - 14;
    this.y = doc.page.margins.top;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = this.doc.page.margins.top;
    if (this.repeatHeader) this.row(this.repeatHeader, false);
  }

  heightOf(cell: Cell): number {
    this.doc.font(cell.bold ? 'bold' : 'regular').fontSize(this.fontSize);
    return this.doc.heightOfString(cell.text || ' ', { width: cell.width - this.pad * 2, lineGap: 1 });
  }

  /** One row of cells; a row taller than a page is written as labelled paragraphs instead. */
  row(cells: Cell[], mayBreak = true, labels?: string[]): void {
    const height = Math.max(...cells.map((c) => this.heightOf(c))) + this.pad * 2;
    const room = this.bottom - this.doc.page.margins.top - 40;
    if (height > room && labels) return this.paragraphs(cells, labels);
    if (mayBreak && this.y + height > this.bottom) this.newPage();
    let x = this.left;
    for (const c of cells) {
      if (c.shade) this.doc.rect(x, this.y, c.width, height).fill(SHADE);
      this.doc.lineWidth(0.6).strokeColor(LINE).rect(x, this.y, c.width, height).stroke();
      this.doc
        .fillColor(INK)
        .font(c.bold ? 'bold' : 'regular')
        .fontSize(this.fontSize)
        .text(c.text, x + this.pad, this.y + this.pad, {
          width: c.width - this.pad * 2,
          lineGap: 1,
          align: c.align ?? 'left',
        });
      x += c.width;
    }
    this.y += height;
  }

  private paragraphs(cells: Cell[], labels: string[]): void {
    for (const [i, c] of cells.entries()) {
      if (this.y + 30 > this.bottom) this.newPage();
      this.doc.font('bold').fontSize(this.fontSize).fillColor(INK);
      this.doc.text(labels[i] ?? '', this.left, this.y, { width: this.width });
      this.doc.font('regular').text(c.text || '—', this.left + 10, this.doc.y, { width: this.width - 10 });
      this.y = this.doc.y + 4;
    }
  }

  /**
   * A table with a shaded header row repeated on each page; the first column (a number) is
   * centred. `stackable` rows taller than a page turn into labelled paragraphs.
   */
  table(labels: string[], fractions: number[], rows: string[][], stackable = true): void {
    const widths = fractions.map((f) => f * this.width);
    const head = labels.map((text, i) => ({
      text,
      width: widths[i]!,
      bold: true,
      shade: true,
      align: 'center' as const,
    }));
    this.row(head);
    this.repeatHeader = head;
    for (const texts of rows)
      this.row(
        texts.map((text, j) => ({
          text,
          width: widths[j]!,
          align: j === 0 ? ('center' as const) : ('left' as const),
        })),
        true,
        stackable ? labels : undefined,
      );
    this.repeatHeader = null;
  }

  /** A labelled box across the page: label on the left, text on the right. */
  box(label: string, text: string, labelWidth = 150): void {
    this.row(
      [
        { text: label, width: labelWidth, bold: true, shade: true },
        { text, width: this.width - labelWidth },
      ],
      true,
      [label, ''],
    );
  }

  title(text: string, right: string): void {
    this.doc
      .font('bold')
      .fontSize(16)
      .fillColor(INK)
      .text(text, this.left, this.y, { width: this.width, align: 'center' });
    this.doc
      .font('regular')
      .fontSize(9)
      .text(right, this.left, this.y + 4, { width: this.width, align: 'right' });
    this.y += 30;
  }

  gap(points = 8): void {
    this.y += points;
  }

  heading(text: string): void {
    if (this.y + 40 > this.bottom) this.newPage();
    this.doc.font('bold').fontSize(10.5).fillColor(INK).text(text, this.left, this.y, { width: this.width });
    this.y = this.doc.y + 3;
  }

  /**
   * A row of label / value pairs across the page (the header of a 様式): each pair takes an
   * equal share, its label `labelShare` of it, shaded.
   */
  fields(pairs: readonly (readonly [string, string])[], labelShare = 0.42): void {
    const pairWidth = this.width / pairs.length;
    this.row(
      pairs.flatMap(([label, value]) => [
        { text: label, width: pairWidth * labelShare, bold: true, shade: true },
        { text: value, width: pairWidth * (1 - labelShare) },
      ]),
    );
  }
}

/** A new A4 sheet document and the promise of its bytes. */
export function openSheet(options: { layout: 'portrait' | 'landscape'; title: string }) {
  const doc = new JapaneseDocument({
    size: 'A4',
    layout: options.layout,
    margins: { top: 30, bottom: 30, left: 30, right: 30 },
    bufferPages: true,
    lang: 'ja',
    info: { Title: options.title, Producer: 'つなぐ (tsunagu)' },
  });
  return { doc, sheet: new Sheet(doc), bytes: collectPdf(doc) };
}

/**
 * Writes each page's footer (whose document, page n / m: a loose page finds its place) and ends
 * the document.
 */
export function finishSheet(doc: PDFKit.PDFDocument, footer: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Written inside the bottom margin; without a margin there pdfkit would start a new page.
    const bottom = doc.page.height - doc.page.margins.bottom - 8;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(7.5)
      .fillColor('#555555')
      .text(`${footer}\u3000${i - range.start + 1} / ${range.count}`, doc.page.margins.left, bottom, {
        width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
        align: 'right',
        lineBreak: false,
      });
  }
  doc.end();
}
