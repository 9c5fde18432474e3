import iconv from 'iconv-lite';
import { zipSync } from 'fflate';
import { officialColumns } from '@tsunagu/contract';

/**
 * Synthetic files in the layout of the open data of 障害福祉サービス等情報公表システム: one ZIP per
 * サービス種別 holding a CSV of the 29 published columns, in CP932 (Shift_JIS), CRLF. No real
 * office is in them: names, numbers and places are invented. They carry the real files' quirks:
 * full-width digits in addresses and codes, empty 定員 and URLs, a quoted field with a comma and a
 * line break, 「?」 where a character outside Shift_JIS stood, latitude and longitude swapped.
 */
export type OfficialRow = Partial<Record<(typeof officialColumns)[number], string>>;

/** A row of a fictional office; `over` changes columns. */
export function officialRow(n: number, over: OfficialRow = {}): OfficialRow {
  return {
    都道府県コード又は市区町村コード: '999016',
    'NO（※システム内の固有の番号、連番）': String(n),
    指定機関名: '架空県',
    法人の名称: '社会福祉法人かくう会',
    法人の名称_かな: 'しゃかいふくしほうじんかくうかい',
    法人番号: '9999999999999',
    '法人住所（市区町村）': '架空県架空市',
    '法人住所（番地以降）': '本町１－１',
    法人電話番号: '０９９－０００－００００',
    法人FAX番号: '',
    法人URL: '',
    サービス種別: '共同生活援助（介護サービス包括型）',
    事業所の名称: `グループホームかくう第${String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}`,
    事業所の名称_かな: `ｸﾞﾙｰﾌﾟﾎｰﾑｶｸｳ`,
    事業所番号: `99${String(n).padStart(8, '0')}`,
    '事業所住所（市区町村）': '架空県架空市',
    '事業所住所（番地以降）': `緑町${String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}－２－３`,
    事業所電話番号: '０９９－１２３－４５６７',
    事業所FAX番号: '099-123-4568',
    事業所URL: '',
    事業所緯度: '35.1',
    事業所経度: '136.9',
    '利用可能な時間帯（平日）': '０：００～２４：００',
    '利用可能な時間帯（土曜）': '０：００～２４：００',
    '利用可能な時間帯（日曜）': '０：００～２４：００',
    '利用可能な時間帯（祝日）': '０：００～２４：００',
    定休日: 'なし',
    '利用可能曜日特記事項（留意事項）': '',
    定員: '',
    ...over,
  };
}

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** The CSV text: the published header and the rows, CRLF. */
export function officialCsvText(rows: readonly OfficialRow[]): string {
  const lines = [
    officialColumns.join(','),
    ...rows.map((r) => officialColumns.map((c) => quote(r[c] ?? '')).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** As published: CP932 bytes (a character outside it becomes 「?」, as in the real files). */
export function officialCsv(rows: readonly OfficialRow[]): Buffer {
  return iconv.encode(officialCsvText(rows), 'cp932');
}

/** The same text in UTF-8 with a BOM (what a spreadsheet saves). */
export function utf8BomCsv(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** A ZIP holding the files, as the published download is. */
export function zipOf(files: Record<string, Uint8Array>): Buffer {
  return Buffer.from(
    zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { level: 6 }]]))),
  );
}
