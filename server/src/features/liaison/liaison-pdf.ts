import QRCode from 'qrcode';
import type { InformationCategory } from '@tsunagu/contract';
import { collectPdf, JapaneseDocument } from '../../platform/pdf/japanese-fonts.ts';
import { formatJapaneseDateTime, formatJapaneseDateWithWeekday } from '../../platform/tokyo-time.ts';

/**
 * 連携シート as one A4 page for a FAX machine: black on white, large type, a 送付状 (to, from, date,
 * pages, what is asked and by when), the item itself, and the ways to reply — the QR code of the
 * short link with its PIN, the FAX reply box below, or a phone call quoting the reply code.
 */
export interface SheetPdfInput {
  recipientName: string;
  recipientFax: string | null;
  senderOrganisationName: string;
  senderName: string | null;
  senderPhone: string | null;
  senderFax: string | null;
  /** 'YYYY-MM-DD' (Asia/Tokyo) */
  sentOn: string;
  /** Only when the person's consent covers 基本情報 for the recipient. */
  personName: string | null;
  categoryLabel: string;
  request: string;
  body: string;
  replyBy: string;
  replyCode: string;
  shortUrl: string;
  /** Printed on the sheet, or null when it went by SMS. */
  pin: string | null;
  linkExpiresAt: Date;
}

/** 情報の区分 as printed on a sheet (the client's i18n holds the same words). */
export const categoryLabels: Record<InformationCategory, string> = {
  identity: '基本情報',
  voice: '本人の意思',
  medical: '医療',
  medication: '服薬',
  daily_living: '生活',
  life_history: '生活歴',
  welfare_services: '福祉サービス',
  family_environment: '家族・環境',
  housing: '住まい',
  work_daytime: '就労・日中活動',
  finances: '経済',
  crisis: 'クライシス',
};

const INK = '#000000';
/** The QR code of the short link as a PNG (integer scale, so a FAX at 200 dpi keeps its modules square). */
export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 2,
    scale: 8,
    color: { dark: '#000000', light: '#ffffff' },
  });
}

export async function renderSheetPdf(input: SheetPdfInput): Promise<Uint8Array> {
  const doc = new JapaneseDocument({
    size: 'A4',
    margins: { top: 34, bottom: 30, left: 40, right: 40 },
    lang: 'ja',
    // No personal data in the file's metadata: it travels through mail gateways' logs.
    info: { Title: `連携シート ${input.replyCode}`, Producer: 'つなぐ (tsunagu)' },
  });
  const bytes = collectPdf(doc);
  const qr = await qrPng(input.shortUrl);

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const pageBottom = doc.page.height - doc.page.margins.bottom;
  doc.fillColor(INK).strokeColor(INK).lineWidth(1);

  // Title and the reply code, the two things read first off a FAX.
  let y = doc.page.margins.top;
  doc.font('bold').fontSize(24).text('連携シート（送付状）', left, y, { lineBreak: false });
  doc
    .font('bold')
    .fontSize(14)
    .text(`返信コード ${input.replyCode}`, left, y + 8, { width, align: 'right', lineBreak: false });
  y += 36;
  doc.font('regular').fontSize(10).text('つなぐ（精神障害にも対応した地域包括ケア 情報連携）', left, y);
  y += 20;

  // 送付状: a table of label and value, 13 pt.
  const labelWidth = 92;
  const rows: [string, string, boolean][] = [
    [
      '宛先',
      `${input.recipientName} 御中${input.recipientFax ? `（FAX ${input.recipientFax}）` : ''}`,
      false,
    ],
    [
      '送信元',
      [
        `${input.senderOrganisationName}${input.senderName ? `\u3000${input.senderName}` : ''}`,
        [input.senderPhone && `電話 ${input.senderPhone}`, input.senderFax && `FAX ${input.senderFax}`]
          .filter(Boolean)
          .join('\u3000'),
      ]
        .filter(Boolean)
        .join('\n'),
      false,
    ],
    ['送付日', `${formatJapaneseDateWithWeekday(input.sentOn)}\u3000送付枚数 1枚（この用紙を含む）`, false],
    [
      'ご本人',
      input.personName ? `${input.personName} 様` : '（同意の範囲外のため氏名は記載していません）',
      false,
    ],
    ['お願い', input.request, true],
    ['返信の期限', `${formatJapaneseDateWithWeekday(input.replyBy)}まで`, true],
  ];
  for (const [label, value, strong] of rows) {
    doc.font(strong ? 'bold' : 'regular').fontSize(13);
    const h = Math.max(24, doc.heightOfString(value, { width: width - labelWidth - 12 }) + 10);
    doc.rect(left, y, labelWidth, h).stroke();
    doc.rect(left + labelWidth, y, width - labelWidth, h).stroke();
    doc
      .font('bold')
      .fontSize(12)
      .text(label, left + 6, y + 6, { width: labelWidth - 12 });
    doc
      .font(strong ? 'bold' : 'regular')
      .fontSize(13)
      .text(value, left + labelWidth + 6, y + 5, { width: width - labelWidth - 12 });
    y += h;
  }
  y += 10;

  // The reply part is fixed at the bottom; the item takes the space between.
  const footerY = pageBottom - 12;
  const faxReplyHeight = 104;
  const faxReplyY = footerY - 6 - faxReplyHeight;
  const methodsHeight = 172;
  const methodsY = faxReplyY - 8 - methodsHeight;

  doc.font('bold').fontSize(13).text(`お伝えすること（${input.categoryLabel}）`, left, y);
  y += 20;
  const bodyBoxHeight = methodsY - 8 - y;
  const inner = width - 16;
  let size = 14;
  for (; size > 10; size -= 0.5) {
    doc.font('regular').fontSize(size);
    if (doc.heightOfString(input.body, { width: inner, lineGap: 2 }) <= bodyBoxHeight - 12) break;
  }
  doc.rect(left, y, width, bodyBoxHeight).stroke();
  doc.font('regular').fontSize(size);
  const overflows = doc.heightOfString(input.body, { width: inner, lineGap: 2 }) > bodyBoxHeight - 12;
  doc.text(input.body, left + 8, y + 6, {
    width: inner,
    height: bodyBoxHeight - (overflows ? 28 : 12),
    lineGap: 2,
    ellipsis: overflows ? '…' : false,
  });
  if (overflows)
    doc
      .font('bold')
      .fontSize(10)
      .text('（続きはQRコードから開くページでご覧ください）', left + 8, y + bodyBoxHeight - 18, {
        width: inner,
      });

  // How to reply: QR + PIN, FAX, or phone.
  doc.lineWidth(2).rect(left, methodsY, width, methodsHeight).stroke().lineWidth(1);
  const qrSize = 132;
  doc.image(qr, left + 10, methodsY + 10, { width: qrSize, height: qrSize });
  doc
    .font('regular')
    .fontSize(8.5)
    .text(input.shortUrl, left + 6, methodsY + qrSize + 14, { width: qrSize + 10, lineBreak: true });
  const textX = left + qrSize + 24;
  const textWidth = width - qrSize - 32;
  let ty = methodsY + 10;
  doc.font('bold').fontSize(14).text('ご返信の方法（どれか一つで結構です）', textX, ty, { width: textWidth });
  ty += 22;
  doc
    .font('regular')
    .fontSize(11.5)
    .text(
      '① スマートフォンでQRコードを読み取り、暗証番号を入れて「確認しました」を押す\n② 下の欄に記入して、この用紙をFAXで送り返す\n③ 送信元に電話し、返信コードをお伝えいただく',
      textX,
      ty,
      { width: textWidth, lineGap: 2 },
    );
  ty = doc.y + 8;
  doc.font('bold').fontSize(20).text(`返信コード\u3000${input.replyCode}`, textX, ty, { width: textWidth });
  ty = doc.y + 2;
  if (input.pin)
    doc.font('bold').fontSize(20).text(`暗証番号\u3000${input.pin}`, textX, ty, { width: textWidth });
  else
    doc
      .font('bold')
      .fontSize(13)
      .text('暗証番号はSMSでお送りしています', textX, ty + 4, { width: textWidth });
  ty = doc.y + 2;
  doc
    .font('regular')
    .fontSize(10)
    .text(`リンクの有効期限 ${formatJapaneseDateTime(input.linkExpiresAt)}`, textX, ty, { width: textWidth });

  // FAX reply box.
  doc.rect(left, faxReplyY, width, faxReplyHeight).stroke();
  doc
    .font('bold')
    .fontSize(13)
    .text(`FAXでのご返信欄（返信コード ${input.replyCode}）\u3000□ 確認しました`, left + 8, faxReplyY + 6, {
      width: width - 16,
    });
  doc
    .font('regular')
    .fontSize(11)
    .text('ご返信：', left + 8, faxReplyY + 30);
  for (const lineY of [faxReplyY + 50, faxReplyY + 70])
    doc
      .moveTo(left + 8, lineY)
      .lineTo(left + width - 8, lineY)
      .dash(2, { space: 3 })
      .stroke()
      .undash();
  doc.text('ご担当者名：', left + 8, faxReplyY + 80);
  doc.text('ご返信日：\u3000\u3000\u3000月\u3000\u3000日', left + width / 2, faxReplyY + 80);

  doc
    .font('regular')
    .fontSize(8)
    .text(
      'この文書には要配慮個人情報が含まれます。宛先の方以外に届いた場合は、送信元にご連絡のうえ破棄してください。',
      left,
      footerY,
      { width, lineBreak: false },
    );
  doc.end();
  return bytes;
}
