import { LIAISON_BODY_MAX, type PlanContent } from '@tsunagu/contract';
import { formatJapaneseDate } from '../../platform/tokyo-time.ts';

const kindTitle = {
  service_use: 'サービス等利用計画',
  individual_support: '個別支援計画',
  crisis: 'クライシスプラン',
};

/**
 * 計画の抜粋 for a 連携シート: the parts of a plan in force an office without tsunagu needs to act
 * on — for a crisis plan the signs, what helps and what not, and whom to call; for a service use
 * plan the person's wishes, the goals and each need's goal; for an individual support plan its
 * goals and support. In the person's words as stored, shortened to fit one page.
 */
export function planExcerpt(content: PlanContent, version: number, planDate: string): string {
  const lines: string[] = [
    `【${kindTitle[content.kind]}（第${version}版・${formatJapaneseDate(planDate)}）より】`,
  ];
  const add = (label: string, value: string | null | undefined) => {
    if (value?.trim()) lines.push(`■${label}: ${value.trim()}`);
  };
  if (content.kind === 'crisis') {
    const c = content.crisis;
    add('注意サイン', c.warningSigns);
    add('悪化のサイン', c.worseningSigns);
    add('その時に本人がすること', c.selfActions);
    add('周りにしてほしいこと', c.wantFromOthers);
    add('してほしくないこと', c.notWanted);
    add(
      '連絡先（順番）',
      c.contacts
        .map(
          (x, i) =>
            `${i + 1}. ${x.name}${x.relation ? `（${x.relation}）` : ''} ${x.phone}${x.hours ? ` ${x.hours}` : ''}`,
        )
        .join(' / '),
    );
    add('夜間・休日の対応', c.offHours);
  } else if (content.kind === 'service_use') {
    const s = content.serviceUse;
    add('本人の意向', s.personWishes);
    add('長期目標', s.longTermGoal);
    add('短期目標', s.shortTermGoal);
    s.needs.forEach((n, i) => add(`課題${i + 1}`, `${n.need} → 支援目標: ${n.goal}`));
  } else {
    const p = content.support;
    add('本人の意向', p.personWishes);
    add('長期目標', p.longTermGoal);
    add('短期目標', p.shortTermGoal);
    p.goals.forEach((g, i) => add(`目標${i + 1}`, `${g.goal}（支援: ${g.support}）`));
  }
  const text = lines.join('\n');
  const more = '\n…（続きは計画をご確認ください）';
  return text.length <= LIAISON_BODY_MAX ? text : text.slice(0, LIAISON_BODY_MAX - more.length) + more;
}
