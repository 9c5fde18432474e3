import type { AccountOverview, Membership } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { formatDateTime } from '../../../lib/format.ts';

/** Who I am: name, e-mail, memberships, password age, two-factor state. */
export function AccountProfile({
  account,
  memberships,
}: {
  account: AccountOverview;
  memberships: readonly Membership[];
}) {
  const { t } = useTranslation();
  return (
    <dl className="description-list">
      <div>
        <dt>{t('account.displayName')}</dt>
        <dd>{account.displayName}</dd>
      </div>
      <div>
        <dt>{t('account.email')}</dt>
        <dd className="break">{account.email}</dd>
      </div>
      <div>
        <dt>{t('account.memberships')}</dt>
        <dd>
          {memberships.length ? (
            <ul className="plain-list">
              {memberships.map((m) => (
                <li key={m.organisationId}>
                  {m.organisationName}
                  {t('common.paren', {
                    text: `${t(`enums.profession.${m.profession}`)}・${t(`enums.membershipRole.${m.role}`)}`,
                  })}
                </li>
              ))}
            </ul>
          ) : (
            t('common.none')
          )}
        </dd>
      </div>
      <div>
        <dt>{t('account.passwordChangedAt')}</dt>
        <dd>{formatDateTime(account.passwordChangedAt)}</dd>
      </div>
      <div>
        <dt>{t('account.twoFactor')}</dt>
        <dd>
          {account.hasTwoFactor ? (
            <Badge tone="success">{t('account.twoFactorOn')}</Badge>
          ) : (
            <Badge tone="warning">{t('account.twoFactorOff')}</Badge>
          )}
        </dd>
      </div>
    </dl>
  );
}

/** A user agent string shortened to what a person recognises ("Chrome / Windows"). */
function describeDevice(userAgent: string | null, unknown: string): string {
  if (!userAgent) return unknown;
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : null;
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Android/.test(userAgent)
        ? 'Android'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  return [browser, os].filter(Boolean).join(' / ') || userAgent.slice(0, 60);
}

/** Where I am signed in, this device first and marked in words. */
export function SessionsTable({ sessions }: { sessions: AccountOverview['sessions'] }) {
  const { t } = useTranslation();
  const sorted = [...sessions].sort(
    (a, b) => Number(b.isCurrent) - Number(a.isCurrent) || b.lastSeenAt.localeCompare(a.lastSeenAt),
  );
  return (
    <div className="table-wrap">
      <table className="table table--cards">
        <caption className="visually-hidden">{t('account.sessionsSection')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('account.sessionDevice')}</th>
            <th scope="col">{t('account.sessionCreated')}</th>
            <th scope="col">{t('account.sessionLastSeen')}</th>
            <th scope="col">{t('account.sessionIp')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((s) => (
            <tr key={s.createdAt + (s.ip ?? '') + s.lastSeenAt}>
              <td data-label={t('account.sessionDevice')}>
                {describeDevice(s.userAgent, t('account.sessionUnknown'))}{' '}
                {s.isCurrent ? <Badge tone="info">{t('account.sessionCurrent')}</Badge> : null}
              </td>
              <td data-label={t('account.sessionCreated')}>{formatDateTime(s.createdAt)}</td>
              <td data-label={t('account.sessionLastSeen')}>{formatDateTime(s.lastSeenAt)}</td>
              <td data-label={t('account.sessionIp')}>{s.ip ?? t('account.sessionUnknown')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
