import type {
  CrisisContent,
  PlanVersionDetail,
  ServiceUseContent,
  SupportPlanContent,
} from '@tsunagu/contract';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format.ts';
import { periodLabel } from './plan-labels.ts';
import { PhoneLink } from '../../../components/ui/phone-link.tsx';
import { WeeklyScheduleView } from './weekly-schedule-view.tsx';

/** Text as written, line breaks kept. */
function Words({ children }: { children: string | null | undefined }) {
  const { t } = useTranslation();
  if (!children) return <span className="muted">{t('common.notSet')}</span>;
  return <span className="plan-words">{children}</span>;
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="description-list plan-facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const dateOrNone = (d: string | null | undefined) => (d ? formatDate(d) : null);

/** One column of a plan's table of rows (needs, goals). */
interface Column<R> {
  key: string;
  label: string;
  cell: (row: R, index: number) => ReactNode;
  /** The cell that names the row (a need, a goal). */
  isRowHeader?: boolean;
  /** Text as written (line breaks kept). */
  isWords?: boolean;
}

/** A plan's rows as a table on a desk and as one card per row on a phone. */
function RowsTable<R extends { id: string }>({
  columns,
  rows,
}: {
  columns: readonly Column<R>[];
  rows: readonly R[];
}) {
  return (
    <div className="table-wrap">
      <table className="table table--cards plan-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={row.id}>
              {columns.map((c) => {
                const props = {
                  'data-label': c.label,
                  className: [c.isWords ? 'plan-words' : '', `plan-table__${c.key}`].join(' '),
                };
                return c.isRowHeader ? (
                  <th key={c.key} scope="row" {...props}>
                    {c.cell(row, i)}
                  </th>
                ) : (
                  <td key={c.key} {...props}>
                    {c.cell(row, i)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 計画作成日, 見直し予定日, モニタリング期間 and the author. */
export function PlanHead({
  version,
  organisationName,
}: {
  version: PlanVersionDetail;
  organisationName: string;
}) {
  const { t } = useTranslation();
  const rows: [string, ReactNode][] = [
    [t('plans.fields.head.planDate'), formatDate(version.planDate)],
    [t('plans.view.author'), organisationName],
  ];
  if (version.content.kind !== 'crisis')
    rows.push([t('plans.fields.head.monitoringMonths'), periodLabel(version.monitoringMonths)]);
  rows.push([t('plans.fields.head.reviewOn'), <Words key="r">{dateOrNone(version.reviewOn)}</Words>]);
  return <Facts rows={rows} />;
}

/** 福祉サービス等 of one need: kind, content, amount and the provider. */
function Services({
  services,
  providerName,
}: {
  services: ServiceUseContent['needs'][number]['services'];
  providerName: (id: string) => string | null;
}) {
  const { t } = useTranslation();
  if (!services.length) return <>{t('plans.view.noServices')}</>;
  return (
    <ul className="plain-list plan-services">
      {services.map((s, j) => {
        const provider =
          (s.providerOrganisationId ? providerName(s.providerOrganisationId) : null) ?? s.providerName;
        return (
          <li key={j}>
            <strong>{s.type}</strong>
            {s.content ? <span className="plan-words">{s.content}</span> : null}
            {s.amount ? <span>{s.amount}</span> : null}
            {provider ? <span className="muted">{t('plans.view.provider', { name: provider })}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}

/** サービス等利用計画: 意向 and 方針 first, then one row per need with every column of the 様式. */
export function ServiceUseContentView({
  content,
  providerName,
}: {
  content: ServiceUseContent;
  providerName: (id: string) => string | null;
}) {
  const { t } = useTranslation();
  const f = (field: keyof ServiceUseContent) => t(`plans.fields.service_use.${field as 'personWishes'}`);
  const n = (field: string) => t(`plans.fields.needs.${field as 'need'}`);
  const needs = [...content.needs].sort((a, b) => a.priority - b.priority);
  const month = content.monitoringStartMonth;
  return (
    <div className="stack">
      <Facts
        rows={[
          [
            f('supportCategory'),
            <Words key="c">
              {content.supportCategory ? t(`enums.supportCategory.${content.supportCategory}`) : null}
            </Words>,
          ],
          [f('recipientNumber'), <Words key="r">{content.recipientNumber}</Words>],
          [f('communityRecipientNumber'), <Words key="cr">{content.communityRecipientNumber}</Words>],
          [f('dayServiceRecipientNumber'), <Words key="dr">{content.dayServiceRecipientNumber}</Words>],
          [
            f('copaymentLimit'),
            <Words key="y">
              {content.copaymentLimit === null || content.copaymentLimit === undefined
                ? null
                : t('plans.view.yen', { amount: content.copaymentLimit.toLocaleString('ja-JP') })}
            </Words>,
          ],
          [f('planAuthorName'), <Words key="a">{content.planAuthorName}</Words>],
          [
            f('monitoringStartMonth'),
            <Words key="m">
              {month
                ? t('plans.view.yearMonth', { year: month.slice(0, 4), month: Number(month.slice(5, 7)) })
                : null}
            </Words>,
          ],
          [f('benefitDecisionOn'), <Words key="b">{dateOrNone(content.benefitDecisionOn)}</Words>],
        ]}
      />
      <div className="plan-voice">
        <p className="plan-voice__label">{f('personWishes')}</p>
        <p className="plan-words plan-voice__text">{content.personWishes}</p>
      </div>
      <Facts
        rows={[
          [f('familyWishes'), <Words key="f">{content.familyWishes}</Words>],
          [f('overallPolicy'), <Words key="o">{content.overallPolicy}</Words>],
          [f('longTermGoal'), <Words key="l">{content.longTermGoal}</Words>],
          [f('shortTermGoal'), <Words key="s">{content.shortTermGoal}</Words>],
        ]}
      />
      <h3>{t('plans.view.needsTitle')}</h3>
      <RowsTable
        rows={needs}
        columns={[
          { key: 'number', label: t('plans.view.priority'), cell: (need) => need.priority },
          { key: 'need', label: n('need'), cell: (need) => need.need, isRowHeader: true, isWords: true },
          { key: 'goal', label: n('goal'), cell: (need) => need.goal, isWords: true },
          { key: 'achieveBy', label: n('achieveBy'), cell: (need) => formatDate(need.achieveBy) },
          {
            key: 'services',
            label: n('services'),
            cell: (need) => <Services services={need.services} providerName={providerName} />,
          },
          { key: 'personRole', label: n('personRole'), cell: (need) => <Words>{need.personRole}</Words> },
          {
            key: 'evaluateOn',
            label: n('evaluateOn'),
            cell: (need) => <Words>{dateOrNone(need.evaluateOn)}</Words>,
          },
          { key: 'notes', label: n('notes'), cell: (need) => <Words>{need.notes}</Words> },
        ]}
      />
      {content.weeklySchedule ? <WeeklyScheduleView schedule={content.weeklySchedule} /> : null}
    </div>
  );
}

/** 個別支援計画: the provider's goals, each with the need of the サービス等利用計画 it serves. */
export function SupportContentView({
  content,
  needText,
}: {
  content: SupportPlanContent;
  /** The words of a need of the service use plan, when the caller may see it. */
  needText: (id: string) => string | null;
}) {
  const { t } = useTranslation();
  const f = (field: keyof SupportPlanContent) =>
    t(`plans.fields.individual_support.${field as 'personWishes'}`);
  const g = (field: string) => t(`plans.fields.goals.${field as 'goal'}`);
  return (
    <div className="stack">
      <div className="plan-voice">
        <p className="plan-voice__label">{f('personWishes')}</p>
        <p className="plan-words plan-voice__text">{content.personWishes}</p>
      </div>
      <Facts
        rows={[
          [f('serviceType'), content.serviceType],
          [f('serviceManager'), <Words key="m">{content.serviceManager}</Words>],
          [f('familyWishes'), <Words key="f">{content.familyWishes}</Words>],
          [f('overallPolicy'), <Words key="o">{content.overallPolicy}</Words>],
          [f('longTermGoal'), <Words key="l">{content.longTermGoal}</Words>],
          [f('shortTermGoal'), <Words key="s">{content.shortTermGoal}</Words>],
        ]}
      />
      <h3>{t('plans.view.goalsTitle')}</h3>
      <RowsTable
        rows={content.goals}
        columns={[
          { key: 'number', label: t('plans.view.number'), cell: (_g, i) => i + 1 },
          {
            key: 'servesNeedId',
            label: g('servesNeedId'),
            isWords: true,
            cell: (goal) =>
              goal.servesNeedId
                ? (needText(goal.servesNeedId) ?? t('plans.view.servesNeedUnknown'))
                : t('common.none'),
          },
          { key: 'goal', label: g('goal'), cell: (goal) => goal.goal, isRowHeader: true, isWords: true },
          { key: 'support', label: g('support'), cell: (goal) => goal.support, isWords: true },
          { key: 'personRole', label: g('personRole'), cell: (goal) => <Words>{goal.personRole}</Words> },
          { key: 'achieveBy', label: g('achieveBy'), cell: (goal) => formatDate(goal.achieveBy) },
          { key: 'staff', label: g('staff'), cell: (goal) => <Words>{goal.staff}</Words> },
        ]}
      />
    </div>
  );
}

/** クライシスプラン in the person's words: signs, what to do, whom to call in order, and at night. */
export function CrisisContentView({ content }: { content: CrisisContent }) {
  const { t } = useTranslation();
  const block = (field: keyof CrisisContent, tone = '') => {
    const value = content[field];
    if (typeof value !== 'string' || !value) return null;
    return (
      <section className={['crisis-block', tone].join(' ')} aria-labelledby={`crisis-${field}`}>
        <h3 id={`crisis-${field}`} className="crisis-block__title">
          {t(`plans.fields.crisis.${field as 'goodSelf'}`)}
        </h3>
        <p className="plan-words crisis-block__text">{value}</p>
      </section>
    );
  };
  return (
    <div className="crisis-plan stack">
      <div className="crisis-plan__grid">
        {block('goodSelf', 'crisis-block--good')}
        {block('warningSigns', 'crisis-block--warning')}
        {block('worseningSigns', 'crisis-block--danger')}
        {block('selfActions')}
        {block('wantFromOthers')}
        {block('notWanted', 'crisis-block--danger')}
      </div>
      <section className="crisis-block crisis-block--contacts" aria-labelledby="crisis-contacts">
        <h3 id="crisis-contacts" className="crisis-block__title">
          {t('plans.form.contactsLegend')}
        </h3>
        <ol className="crisis-contacts">
          {content.contacts.map((c, i) => (
            <li key={i} className="crisis-contact">
              <span className="crisis-contact__order" aria-hidden="true">
                {i + 1}
              </span>
              <div className="crisis-contact__body">
                <p className="crisis-contact__name">
                  {c.name}
                  {c.relation ? (
                    <span className="muted">{t('common.paren', { text: c.relation })}</span>
                  ) : null}
                </p>
                <PhoneLink
                  className="crisis-contact__phone"
                  number={c.phone}
                  label={t('plans.crisis.call', { name: c.name })}
                />
                {c.hours ? <p className="crisis-contact__hours">{c.hours}</p> : null}
              </div>
            </li>
          ))}
        </ol>
      </section>
      <div className="crisis-plan__grid">
        {block('clinic')}
        {block('medication')}
        {block('offHours', 'crisis-block--warning')}
      </div>
    </div>
  );
}

/** The content of any version, by its kind. */
export function PlanContentView({
  version,
  providerName,
  needText,
}: {
  version: PlanVersionDetail;
  providerName: (id: string) => string | null;
  needText: (id: string) => string | null;
}) {
  const { content } = version;
  if (content.kind === 'service_use')
    return <ServiceUseContentView content={content.serviceUse} providerName={providerName} />;
  if (content.kind === 'individual_support')
    return <SupportContentView content={content.support} needText={needText} />;
  return <CrisisContentView content={content.crisis} />;
}
