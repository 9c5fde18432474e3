import { scheduleDayLabels, scheduleDays, type WeeklySchedule } from '@tsunagu/contract';
import { minutesOf } from '../../platform/tokyo-time.ts';
import { INK, LINE, SHADE, type Sheet } from './pdf-sheet.ts';

/**
 * The 週間計画表 page of a サービス等利用計画 (MHLW 参考様式): the week as a grid of hours by day
 * (月〜土, 日・祝), each slot drawn over its hours (services shaded), the 主な日常生活上の活動
 * beside it, then the services that do not come every week and the life they make possible.
 */

/** The hours the grid shows: at least 6:00 to 22:00, widened to every slot and activity. */
function hoursOf(schedule: WeeklySchedule): { from: number; to: number } {
  const starts = [
    ...schedule.slots.map((s) => minutesOf(s.start)),
    ...schedule.dailyActivities.map((a) => minutesOf(a.time)),
  ];
  const ends = [...schedule.slots.map((s) => minutesOf(s.end)), ...starts.map((m) => m + 60)];
  return {
    from: Math.min(6, ...starts.map((m) => Math.floor(m / 60))),
    to: Math.min(24, Math.max(22, ...ends.map((m) => Math.ceil(m / 60)))),
  };
}

/** Draws the page; `header` is rows of label / value pairs (氏名, 障害支援区分, 事業者名…). */
export function weeklySchedulePage(
  sheet: Sheet,
  header: readonly (readonly (readonly [string, string])[])[],
  schedule: WeeklySchedule,
  right: string,
): void {
  const { doc } = sheet;
  sheet.newPage();
  sheet.title('サービス等利用計画【週間計画表】', right);
  for (const row of header) sheet.fields(row);
  sheet.gap(6);

  // Columns: the hour, the seven days, 主な日常生活上の活動.
  const timeWidth = sheet.width * 0.06;
  const dayWidth = sheet.width * 0.1;
  const activityWidth = sheet.width - timeWidth - dayWidth * scheduleDays.length;
  const dayX = (i: number) => sheet.left + timeWidth + dayWidth * i;
  const activityX = dayX(scheduleDays.length);

  sheet.row([
    { text: '', width: timeWidth, shade: true },
    ...scheduleDays.map((d) => ({
      text: scheduleDayLabels[d],
      width: dayWidth,
      bold: true,
      shade: true,
      align: 'center' as const,
    })),
    { text: '主な日常生活上の活動', width: activityWidth, bold: true, shade: true, align: 'center' },
  ]);

  const { from, to } = hoursOf(schedule);
  const reserve = 80; // the two boxes below the grid
  const hourHeight = Math.min(26, Math.max(12, (sheet.bottom - sheet.y - reserve) / (to - from)));
  const top = sheet.y;
  const yOf = (minutes: number) => top + ((minutes - from * 60) / 60) * hourHeight;
  const bottom = yOf(to * 60);

  // Hour lines and labels.
  doc.lineWidth(0.4).strokeColor('#b0b0b0');
  for (let h = from; h <= to; h++) {
    doc
      .moveTo(sheet.left, yOf(h * 60))
      .lineTo(sheet.left + sheet.width, yOf(h * 60))
      .stroke();
    if (h < to)
      doc
        .font('regular')
        .fontSize(7)
        .fillColor(INK)
        .text(`${h}:00`, sheet.left + 2, yOf(h * 60) + 2, { width: timeWidth - 4, lineBreak: false });
  }
  doc.lineWidth(0.6).strokeColor(LINE);
  for (let i = 0; i <= scheduleDays.length; i++) doc.moveTo(dayX(i), top).lineTo(dayX(i), bottom).stroke();
  doc.rect(sheet.left, top, sheet.width, bottom - top).stroke();

  for (const slot of schedule.slots) {
    const x = dayX(scheduleDays.indexOf(slot.day));
    const y = yOf(minutesOf(slot.start));
    const height = yOf(minutesOf(slot.end)) - y;
    if (slot.kind === 'service') doc.rect(x, y, dayWidth, height).fill(SHADE);
    doc.lineWidth(0.8).strokeColor(LINE).rect(x, y, dayWidth, height).stroke();
    doc
      .font(slot.kind === 'service' ? 'bold' : 'regular')
      .fontSize(7)
      .fillColor(INK);
    const options = { width: dayWidth - 4, lineGap: 0 };
    const withTime = `${slot.start}〜${slot.end}\n${slot.text}`;
    // A short slot keeps its words and drops the times, which its place on the grid already says.
    const words = doc.heightOfString(withTime, options) <= height - 2 ? withTime : slot.text;
    doc.text(words, x + 2, y + 1.5, { ...options, height: Math.max(height - 2, 8), ellipsis: true });
  }
  for (const activity of schedule.dailyActivities)
    doc
      .font('regular')
      .fontSize(7.5)
      .fillColor(INK)
      .text(`${activity.time} ${activity.text}`, activityX + 3, yOf(minutesOf(activity.time)) + 1.5, {
        width: activityWidth - 6,
        height: hourHeight * 1.5,
        ellipsis: true,
      });

  sheet.y = bottom + 8;
  sheet.box('週単位以外のサービス', schedule.nonWeeklyServices ?? '—', 170);
  sheet.box('サービス提供によって実現する生活の全体像', schedule.lifeOverview ?? '—', 170);
}
