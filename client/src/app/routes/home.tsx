import { useQuery } from '@tanstack/react-query';
import type { PersonList as PersonListResult } from '@tsunagu/contract';
import { greetingTimeOf } from '@tsunagu/contract/tokyo-time';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ButtonLink } from '../../components/ui/button.tsx';
import { LinkCards } from '../../components/ui/link-cards.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { renewalsQueryOptions } from '../../features/consent/api/grants.ts';
import { awaitingMeQueryOptions, awaitingOthersQueryOptions } from '../../features/messages/api/messages.ts';
import { UnconfirmedHandoversNotice } from '../../features/handover/components/handover-count.tsx';
import { RenewalsList } from '../../features/consent/components/renewals-list.tsx';
import { personListQueryOptions } from '../../features/persons/api/persons.ts';
import { PersonList } from '../../features/persons/components/person-list.tsx';
import { PersonSearch } from '../../features/persons/components/person-search.tsx';
import { InvitationsWaitingNotice } from '../../features/staff/components/my-invitations.tsx';
import { MyDutyCard } from '../../features/on-call/components/my-duty-card.tsx';
import { myDutyQueryOptions } from '../../features/on-call/api/on-call.ts';
import { OnCallPushWarning } from '../../features/push/components/on-call-push-warning.tsx';
import { actsForOrganisation, navItemsFor } from '../navigation.ts';
import { useSignedInSession } from '../session-gate.tsx';

/**
 * Beside 当番中です: the warning the on-call screen gives, where someone on duty lands first — a
 * shift's 緊急 comes by push, and this device would not show it.
 */
function MyDutyPushWarning() {
  const duty = useQuery(myDutyQueryOptions);
  const [openedAt] = useState(() => new Date());
  const shift = duty.data?.shifts[0];
  return shift ? <OnCallPushWarning shift={shift} now={openedAt} /> : null;
}

/** 私の担当 and search; the search term lives in the address (?q=) so "back" returns to it. */
function MyPersons() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const list = useQuery(personListQueryOptions(q));
  const title = q ? t('home.searchResults', { q }) : t('home.myPersonsTitle');
  return (
    <section aria-labelledby="home-persons" className="stack">
      <div className="panel__header">
        <h2 id="home-persons">{title}</h2>
        <ButtonLink to="/persons/new" variant="primary">
          {t('home.registerPerson')}
        </ButtonLink>
      </div>
      {q ? null : <p className="muted">{t('home.myPersonsLead')}</p>}
      <PersonSearch key={q} value={q} onSearch={(next) => setParams(next ? { q: next } : {})} />
      <div className="results" aria-busy={list.isFetching}>
        {list.isPending ? <Loading /> : null}
        {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
        {list.data ? (
          <>
            <p className="results__count" role="status">
              {t('common.count', { count: list.data.total })}
            </p>
            {list.data.persons.length ? (
              <PersonList persons={list.data.persons} caption={title} />
            ) : (
              <p>
                {q
                  ? t('home.noSearchResults')
                  : hasOutsideConsent(list.data.outsideConsent)
                    ? t('home.noVisiblePersons')
                    : t('home.noPersons')}
              </p>
            )}
            <OutsideConsent counts={list.data.outsideConsent} />
          </>
        ) : null}
      </div>
    </section>
  );
}

const lapses = ['expired', 'withdrawn', 'none'] as const;
const hasOutsideConsent = (counts: PersonListResult['outsideConsent']) =>
  lapses.some((why) => counts[why] > 0);

/**
 * Persons on my organisation's teams whom consent no longer lets it see: counted by why, never
 * named, so that a person who vanished from the list is not taken for a mistake.
 */
function OutsideConsent({ counts }: { counts: PersonListResult['outsideConsent'] }) {
  const { t } = useTranslation();
  const reasons = lapses.filter((why) => counts[why] > 0);
  if (!reasons.length) return null;
  return (
    <Notice tone="info" live={false} title={t('home.outsideConsent.title')}>
      <ul>
        {reasons.map((why) => (
          <li key={why}>{t(`home.outsideConsent.${why}`, { count: counts[why] })}</li>
        ))}
      </ul>
      <p>{t('home.outsideConsent.help')}</p>
    </Notice>
  );
}

/** 確認待ち, shown only when acknowledgements are waiting: mine first, then those I asked for. */
function Awaiting() {
  const { t } = useTranslation();
  const mine = useQuery(awaitingMeQueryOptions);
  const others = useQuery(awaitingOthersQueryOptions);
  const mineCount = mine.data?.length ?? 0;
  const othersCount = others.data?.length ?? 0;
  if (!mineCount && !othersCount) return null;
  return (
    <section aria-labelledby="home-awaiting" className="panel stack awaiting-summary">
      <h2 id="home-awaiting" className="panel__title">
        {t('messages.awaiting.title')}
      </h2>
      <p className="muted">{t('messages.awaiting.homeLead')}</p>
      <div className="button-row">
        <ButtonLink to="/awaiting" variant={mineCount ? 'primary' : 'secondary'}>
          {t('messages.awaiting.homeMine', { count: mineCount })}
        </ButtonLink>
        <ButtonLink to="/awaiting?tab=others">
          {t('messages.awaiting.homeOthers', { count: othersCount })}
        </ButtonLink>
      </div>
    </section>
  );
}

/** 同意の更新, shown only when something needs renewing. */
function Renewals() {
  const { t } = useTranslation();
  const renewals = useQuery(renewalsQueryOptions);
  if (!renewals.data?.length) return null;
  return (
    <section aria-labelledby="home-renewals" className="panel stack">
      <h2 id="home-renewals" className="panel__title">
        {t('home.renewalsTitle')}
      </h2>
      <p className="muted">{t('home.renewalsLead')}</p>
      <RenewalsList renewals={renewals.data} />
    </section>
  );
}

/** ホーム: 私の担当 first for staff of an organisation, then the screens this user may use. */
export function HomeRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const active = session.memberships.find((m) => m.organisationId === session.activeOrganisationId);
  const links = navItemsFor(session).filter((i) => i.descriptionKey);
  const withOrganisation = actsForOrganisation(session);
  return (
    <div className="stack stack--large">
      <PageHeader
        title={t('home.title')}
        lead={
          <p>
            {t(`home.greeting.${greetingTimeOf(new Date())}`, { name: session.user.displayName })}{' '}
            {active
              ? t('home.acting', {
                  organisation: active.organisationName,
                  role: t(`enums.membershipRole.${active.role}`),
                })
              : t('home.actingNone')}
            {session.user.isSystemAdmin ? t('common.paren', { text: t('layout.systemAdmin') }) : null}
          </p>
        }
      />
      <InvitationsWaitingNotice to="/account#invitations" />
      <MyDutyCard />
      <MyDutyPushWarning />
      {withOrganisation ? (
        <>
          <UnconfirmedHandoversNotice />
          <Awaiting />
          <MyPersons />
          <Renewals />
        </>
      ) : (
        <Notice tone="info" live={false}>
          <p>{t('home.needsOrganisation')}</p>
        </Notice>
      )}
      <section aria-labelledby="home-links" className="stack">
        <h2 id="home-links">{t('home.linksTitle')}</h2>
        <LinkCards
          items={[
            ...links.map((item) => ({
              to: item.to,
              title: t(item.labelKey),
              text: item.descriptionKey
                ? t(item.descriptionKey, {
                    items: (item.gathers ?? []).map((key) => t(key)).join(t('common.listSeparator')),
                  })
                : undefined,
              isEmergency: item.isEmergency,
            })),
            { to: '/account', title: t('nav.account'), text: t('home.links.account') },
          ]}
        />
      </section>
    </div>
  );
}
