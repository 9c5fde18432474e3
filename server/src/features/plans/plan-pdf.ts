import type { PlanVersionDetail } from '@tsunagu/contract';
import { collectPdf, JapaneseDocument } from '../../platform/pdf/japanese-fonts.ts';
import { formatJapaneseDate } from '../../platform/tokyo-time.ts';

/**
 * Plans as A4 documents close to the customary 様式: サービス等利用計画 and 個別支援計画 in
 * landscape with the table of needs and goals, the クライシスプラン in portrait. The Japanese
 * font (Noto Sans JP, SIL OFL 1.1) comes from npm and is embedded as a subset, so the PDF reads
 * the same on every PC and printer without a system font.
 */

const statusLabel = { draft: '計画案', agreed: '本人同意済み（未確定）', confirmed: '確定' } as const;
const methodLabel = { written: '書面（署名）', oral: '口頭', electronic: '電子' } as const;
const INK = '#1a1a1c';
const LINE = '#595959';
const SHADE = '#eef1f5';

export interface PlanPdfInput {
  personName: string;
  organisationName: string;
  version: PlanVersionDetail;
  /** Names of the providers a service use plan names, by organisation id. */
  providerNames: ReadonlyMap<string, string>;
}

/** A date-only value as printed, '2026年12月7日'; empty when there is none. */
const jaDate = (date: string | null | undefined): string => (date ? formatJapaneseDate(date) : '');

const monthsLabel = (m: number | null) =>
  m === null ? '' : m === 1 ? '毎月' : m === 3 ? '3か月ごと' : m === 6 ? '6か月ごと' : `${m}か月ごと`;

interface Cell {
  text: string;
  width: number;
  bold?: boolean;
  shade?: boolean;
  align?: 'left' | 'center';
}

/** A small table and box writer over pdfkit that breaks pages between rows, never inside one. */
class Sheet {
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
}

function header(sheet: Sheet, input: PlanPdfInput, title: string): void {
  const v = input.version;
  sheet.title(title, `第${v.version}版・${statusLabel[v.status]}`);
  const label = (text: string) => ({ text, width: sheet.width * 0.14, bold: true, shade: true });
  const value = (text: string, share: number) => ({ text, width: sheet.width * share });
  sheet.row([
    label('利用者氏名'),
    value(`${input.personName} 様`, 0.22),
    label('計画作成日'),
    value(jaDate(v.planDate), 0.14),
    label('計画作成者'),
    value(`${input.organisationName}${v.createdBy.name ? `\u3000${v.createdBy.name}` : ''}`, 0.22),
  ]);
  // 確定日 is the Tokyo date of the confirmation instant (at 0:37 on 12/8 it is 12/8, not the UTC 12/7).
  const confirmedOn = v.confirmedAt ? formatJapaneseDate(new Date(v.confirmedAt)) : '（未確定）';
  sheet.row([
    ...(v.content.kind === 'crisis'
      ? [label('本人の同意'), value(jaDate(v.agreement?.agreedOn) || '（未記録）', 0.22)]
      : [label('モニタリング期間'), value(v.monitoringMonths ? monthsLabel(v.monitoringMonths) : '—', 0.22)]),
    label('見直し予定日'),
    value(jaDate(v.reviewOn) || '—', 0.14),
    label('確定日'),
    value(confirmedOn, 0.22),
  ]);
  sheet.gap();
}

/** The agreement line at the end: the person's agreement, with its date and form. */
function agreement(sheet: Sheet, input: PlanPdfInput): void {
  const a = input.version.agreement;
  sheet.gap(10);
  const text = a
    ? `上記の計画について説明を受け、同意しました。\u3000同意日：${jaDate(a.agreedOn)}\u3000方法：${methodLabel[a.method]}${a.note ? `\u3000（${a.note}）` : ''}`
    : '上記の計画について説明を受け、同意しました。　同意日：　　　年　　月　　日　　本人署名：';
  sheet.box('本人の同意', text, 110);
}

function serviceUse(sheet: Sheet, input: PlanPdfInput): void {
  const c = input.version.content;
  if (c.kind !== 'service_use') return;
  const p = c.serviceUse;
  header(sheet, input, 'サービス等利用計画');
  sheet.box(
    '利用者及びその家族の生活に対する意向（希望する生活）',
    `本人：${p.personWishes}${p.familyWishes ? `\n家族：${p.familyWishes}` : ''}`,
  );
  sheet.box('総合的な援助の方針', p.overallPolicy);
  sheet.box('長期目標', p.longTermGoal);
  sheet.box('短期目標', p.shortTermGoal);
  sheet.gap();
  const services = (n: (typeof p.needs)[number]) =>
    n.services
      .map((x) => {
        const provider =
          x.providerName ??
          (x.providerOrganisationId ? input.providerNames.get(x.providerOrganisationId) : null);
        return [x.type, x.content, x.amount, provider ? `（${provider}）` : null].filter(Boolean).join('\n');
      })
      .join('\n\n');
  sheet.table(
    [
      '優先順位',
      '解決すべき課題（本人のニーズ）',
      '支援目標',
      '達成時期',
      '福祉サービス等（種類・内容・量（頻度・時間））',
      '課題解決のための本人の役割',
      '評価時期',
      'その他留意事項',
    ],
    [0.05, 0.15, 0.16, 0.09, 0.19, 0.13, 0.09, 0.14],
    p.needs.map((n, i) => [
      String(i + 1),
      n.need,
      n.goal,
      jaDate(n.achieveBy),
      services(n),
      n.personRole ?? '',
      jaDate(n.evaluateOn),
      n.notes ?? '',
    ]),
  );
  agreement(sheet, input);
}

function supportPlan(sheet: Sheet, input: PlanPdfInput, needLabels: ReadonlyMap<string, string>): void {
  const c = input.version.content;
  if (c.kind !== 'individual_support') return;
  const p = c.support;
  header(sheet, input, `個別支援計画（${p.serviceType}）`);
  sheet.box('本人の意向', p.personWishes);
  sheet.box('総合的な支援の方針', p.overallPolicy);
  sheet.box('長期目標', p.longTermGoal);
  sheet.box('短期目標', p.shortTermGoal);
  sheet.gap();
  sheet.table(
    [
      '番号',
      '対応するサービス等利用計画の課題',
      '支援目標',
      '支援内容（内容・留意点）',
      '本人の役割',
      '達成時期',
      '担当者',
    ],
    [0.05, 0.17, 0.2, 0.22, 0.14, 0.09, 0.13],
    p.goals.map((g, i) => [
      String(i + 1),
      g.servesNeedId ? (needLabels.get(g.servesNeedId) ?? '') : '',
      g.goal,
      g.support,
      g.personRole ?? '',
      jaDate(g.achieveBy),
      g.staff ?? '',
    ]),
  );
  agreement(sheet, input);
}

function crisisPlan(sheet: Sheet, input: PlanPdfInput): void {
  const c = input.version.content;
  if (c.kind !== 'crisis') return;
  const p = c.crisis;
  header(sheet, input, 'クライシスプラン');
  const boxes: [string, string | null | undefined][] = [
    ['調子が良い時の自分', p.goodSelf],
    ['注意サイン', p.warningSigns],
    ['悪化のサイン', p.worseningSigns],
    ['その時に自分がすること', p.selfActions],
    ['周りにしてほしいこと', p.wantFromOthers],
    ['してほしくないこと', p.notWanted],
  ];
  for (const [label, text] of boxes) sheet.box(label, text ?? '—', 120);
  sheet.gap();
  sheet.heading('連絡先（この順番で）');
  sheet.table(
    ['順番', '名前', '関係', '電話番号', '連絡できる時間'],
    [0.07, 0.25, 0.18, 0.22, 0.28],
    p.contacts.map((k, i) => [String(i + 1), k.name, k.relation ?? '', k.phone, k.hours ?? '']),
    false,
  );
  sheet.gap();
  for (const [label, text] of [
    ['受診先・かかりつけ', p.clinic],
    ['服薬', p.medication],
    ['夜間・休日の対応', p.offHours],
  ] as const)
    sheet.box(label, text ?? '—', 120);
  agreement(sheet, input);
}

/** Renders one version of a plan as a PDF (bytes). */
export async function renderPlanPdf(
  input: PlanPdfInput,
  needLabels: ReadonlyMap<string, string> = new Map(),
): Promise<Uint8Array> {
  const kind = input.version.content.kind;
  const doc = new JapaneseDocument({
    size: 'A4',
    layout: kind === 'crisis' ? 'portrait' : 'landscape',
    margins: { top: 30, bottom: 30, left: 30, right: 30 },
    bufferPages: true,
    lang: 'ja',
    info: {
      Title: `${{ service_use: 'サービス等利用計画', individual_support: '個別支援計画', crisis: 'クライシスプラン' }[kind]}\u3000${input.personName} 様`,
      Producer: 'つなぐ (tsunagu)',
    },
  });
  const bytes = collectPdf(doc);
  const sheet = new Sheet(doc);
  if (kind === 'service_use') serviceUse(sheet, input);
  else if (kind === 'individual_support') supportPlan(sheet, input, needLabels);
  else crisisPlan(sheet, input);

  // Page footers: whose plan, which version, page n / m (so a loose page finds its place).
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
      .text(
        `${input.personName} 様\u3000第${input.version.version}版\u3000${i - range.start + 1} / ${range.count}`,
        doc.page.margins.left,
        bottom,
        {
          width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
          align: 'right',
          lineBreak: false,
        },
      );
  }
  doc.end();
  return bytes;
}
