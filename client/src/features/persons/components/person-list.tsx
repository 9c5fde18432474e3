import type { PersonSummary } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { ageOn, formatDate } from '../../../lib/format.ts';

function Attention({ person }: { person: PersonSummary }) {
  const { t } = useTranslation();
  if (!person.staleItems && !person.dueItems && !person.expiringCertificates)
    return <span className="muted">{t('persons.nothingDue')}</span>;
  return (
    <span className="badge-row">
      {person.staleItems ? (
        <Badge tone="error">
          <span aria-hidden="true">⚠ </span>
          {t('persons.staleCount', { count: person.staleItems })}
        </Badge>
      ) : null}
      {person.dueItems ? (
        <Badge tone="warning">{t('persons.dueCount', { count: person.dueItems })}</Badge>
      ) : null}
      {person.expiringCertificates ? (
        <Badge tone="warning">{t('persons.expiringCount', { count: person.expiringCertificates })}</Badge>
      ) : null}
    </span>
  );
}

/** 私の担当 (or search results): a table on a desk, one card per person on a phone. */
export function PersonList({ persons, caption }: { persons: readonly PersonSummary[]; caption: string }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table table--cards person-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('persons.name')}</th>
            <th scope="col">{t('persons.municipality')}</th>
            <th scope="col">{t('persons.myRole')}</th>
            <th scope="col">{t('persons.needsAttention')}</th>
            <th scope="col">{t('persons.lastRecorded')}</th>
          </tr>
        </thead>
        <tbody>
          {persons.map((p) => {
            const age = ageOn(p.birthDate);
            return (
              <tr key={p.id}>
                <th scope="row" data-label={t('persons.name')}>
                  <Link to={`/persons/${p.id}`} className="person-table__name">
                    {p.name}
                  </Link>
                  <span className="table__sub">
                    {p.kana}
                    {age !== null ? ` ・ ${t('persons.age', { age })}` : null}
                  </span>
                </th>
                <td data-label={t('persons.municipality')}>
                  {p.responsibleMunicipalityName ?? <span className="muted">{t('common.notSet')}</span>}
                </td>
                <td data-label={t('persons.myRole')}>
                  <span className="badge-row">
                    {p.myTeamRole ? <span>{t(`enums.teamRole.${p.myTeamRole}`)}</span> : null}
                    {p.isLead ? <Badge tone="info">{t('persons.leadBadge')}</Badge> : null}
                    {p.viaEmergencyAccess ? <Badge tone="error">{t('persons.emergencyBadge')}</Badge> : null}
                  </span>
                </td>
                <td data-label={t('persons.needsAttention')}>
                  <Attention person={p} />
                </td>
                <td data-label={t('persons.lastRecorded')}>
                  {p.lastRecordedAt ? (
                    formatDate(p.lastRecordedAt)
                  ) : (
                    <span className="muted">{t('persons.neverRecorded')}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
