import type { AuditOutcome } from '@tsunagu/contract';
import { auditOutcomes } from '@tsunagu/contract/enums';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Button, buttonClass } from '../../components/ui/button.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import {
  auditCsvUrl,
  auditEventsQueryOptions,
  type AuditFilters as ApiFilters,
} from '../../features/audit-log/api/audit-log.ts';
import { AuditFilters, type AuditFilterValues } from '../../features/audit-log/components/audit-filters.tsx';
import { AuditTable } from '../../features/audit-log/components/audit-table.tsx';
import { VerifyPanel } from '../../features/audit-log/components/verify-panel.tsx';
import { staffListQueryOptions } from '../../features/staff/api/staff.ts';
import { tokyoDayStart } from '../../lib/format.ts';
import { useOrganisationChoices } from '../organisation-choices.ts';
import { useSignedInSession } from '../session-gate.tsx';
import { SettingsEyebrow } from './settings.tsx';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Screen filters (Tokyo calendar days, inclusive) → API filters (instants; `to` is exclusive). */
function toApiFilters(v: AuditFilterValues): ApiFilters {
  return {
    from: v.from && DATE.test(v.from) ? tokyoDayStart(v.from) : undefined,
    to: v.to && DATE.test(v.to) ? tokyoDayStart(v.to, 1) : undefined,
    actorUserId: v.actorUserId,
    organisationId: v.organisationId,
    action: v.action,
    outcome:
      v.outcome && (auditOutcomes as readonly string[]).includes(v.outcome)
        ? (v.outcome as AuditOutcome)
        : undefined,
    targetId: v.targetId,
  };
}

/** 監査ログ */
export function AuditLogRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const [params, setParams] = useSearchParams();
  const values: AuditFilterValues = Object.fromEntries(params.entries());
  const filters = toApiFilters(values);
  const events = useInfiniteQuery({
    ...auditEventsQueryOptions(filters),
    enabled: session.abilities.readAudit,
  });
  const organisations = useOrganisationChoices();
  const staff = useQuery({ ...staffListQueryOptions({}, 500), enabled: session.abilities.readAudit });

  if (!session.abilities.readAudit) {
    return (
      <>
        <PageHeader title={t('audit.title')} eyebrow={<SettingsEyebrow />} />
        <Notice tone="error">{t('errors.forbidden')}</Notice>
      </>
    );
  }

  const shown = events.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <>
      <PageHeader title={t('audit.title')} eyebrow={<SettingsEyebrow />} lead={<p>{t('audit.lead')}</p>} />
      {session.user.isSystemAdmin ? (
        <section className="panel stack" aria-labelledby="audit-verify">
          <h2 id="audit-verify" className="panel__title">
            {t('audit.verifyTitle')}
          </h2>
          <p>{t('audit.verifyLead')}</p>
          <VerifyPanel />
        </section>
      ) : null}
      <section className="stack section-gap" aria-labelledby="audit-filters">
        <h2 id="audit-filters" className="visually-hidden">
          {t('audit.filters')}
        </h2>
        <AuditFilters
          key={params.toString()}
          value={values}
          actors={(staff.data?.staff ?? []).map((s) => ({
            value: s.id,
            label: s.displayName + t('common.paren', { text: s.email }),
          }))}
          organisations={organisations.choices.map((o) => ({ value: o.id, label: o.name }))}
          onApply={(next) =>
            setParams(
              new URLSearchParams(Object.entries(next).filter((e): e is [string, string] => Boolean(e[1]))),
            )
          }
        />
        <div className="button-row">
          <a className={buttonClass('secondary')} href={auditCsvUrl(filters)} download>
            {t('audit.exportCsv')}
          </a>
          <span className="muted">{t('audit.exportCsvHint')}</span>
        </div>
      </section>
      <div className="results section-gap" aria-busy={events.isFetching}>
        {events.isPending ? <Loading /> : null}
        {events.isError ? <LoadError error={events.error} onRetry={() => void events.refetch()} /> : null}
        {events.data ? (
          <>
            <p className="results__count" role="status">
              {t('audit.showingCount', { count: shown.length })}
            </p>
            {shown.length ? <AuditTable events={shown} /> : <p>{t('audit.noEvents')}</p>}
            {events.hasNextPage ? (
              <div className="load-more">
                <Button
                  onClick={() => void events.fetchNextPage()}
                  busy={events.isFetchingNextPage}
                  busyLabel={t('common.loading')}
                >
                  {t('audit.loadMore')}
                </Button>
              </div>
            ) : null}
          </>
        ) : null}
      </div>
    </>
  );
}
