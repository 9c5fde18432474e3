import type { InformationCategory, PersonOverview } from '@tsunagu/contract';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { Disclosure } from '../../components/ui/disclosure.tsx';
import { LoadError, Loading } from '../../components/ui/notice.tsx';
import { FlashMessage, PageHeader } from '../../components/ui/page.tsx';
import { RecordGrantForm } from '../../features/consent/components/record-grant-form.tsx';
import { GrantList } from '../../features/consent/components/grant-list.tsx';
import type { ItemFilters } from '../../features/information/api/items.ts';
import { FreshnessSummary } from '../../features/information/components/freshness-summary.tsx';
import { lifeTopicCategories } from '../../features/information/components/item-labels.ts';
import { CrisisItems, VoiceList } from '../../features/information/components/person-sections.tsx';
import { RecordItemForm } from '../../features/information/components/record-item-form.tsx';
import { filtersFromParams, Timeline } from '../../features/information/components/timeline.tsx';
import { unreadMessagesQueryOptions } from '../../features/messages/api/messages.ts';
import { PersonConsultations } from '../../features/consultations/components/person-consultations.tsx';
import { personOverviewQueryOptions } from '../../features/persons/api/persons.ts';
import { CrisisPlanButton } from '../../features/plans/components/crisis-plan-button.tsx';
import { PlanList } from '../../features/plans/components/plan-list.tsx';
import { Certificates } from '../../features/persons/components/certificates.tsx';
import { Contacts } from '../../features/persons/components/contacts.tsx';
import { IdentityDetails } from '../../features/persons/components/identity-panel.tsx';
import { PersonTabs } from '../../features/persons/components/person-tabs.tsx';
import {
  EmergencyBanner,
  ExcludedContactsBanner,
} from '../../features/persons/components/person-banners.tsx';
import { staffListQueryOptions } from '../../features/staff/api/staff.ts';
import { TeamPanel } from '../../features/support-team/components/team-panel.tsx';
import { isNotFound } from '../../lib/api-client.ts';
import { useSignedInSession } from '../session-gate.tsx';

const sectionIds = [
  'voice',
  'identity',
  'contacts',
  'life',
  'team',
  'consent',
  'freshness',
  'crisis',
  'plans',
  'timeline',
] as const;
type SectionId = (typeof sectionIds)[number];

function Section({
  id,
  title,
  actions,
  className,
  children,
}: {
  id: SectionId;
  title: string;
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      id={id}
      aria-labelledby={`${id}-title`}
      className={['panel stack person-section', className].join(' ')}
    >
      <div className="panel__header">
        <h2 id={`${id}-title`} className="panel__title">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** The jump links at the top; クライシス stands out so it is found in a hurry. */
function JumpNav() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('persons.jumpTo')} className="jump-nav">
      <ul>
        <li>
          <a href="#crisis" className="jump-nav__link jump-nav__link--crisis">
            <span aria-hidden="true">⚠ </span>
            {t('persons.sections.crisis')}
          </a>
        </li>
        {sectionIds
          .filter((id) => id !== 'crisis')
          .map((id) => (
            <li key={id}>
              <a href={`#${id}`} className="jump-nav__link">
                {t(`persons.sections.${id}`)}
              </a>
            </li>
          ))}
      </ul>
    </nav>
  );
}

/**
 * My colleagues to name on the team, loaded only when a lead opens the form (staff lists are
 * audited); other organisations are found by searching the directory in the form itself.
 */
function useMyStaffChoices(enabled: boolean, organisationId: string | null) {
  const staff = useQuery({
    ...staffListQueryOptions({ organisationId: organisationId ?? undefined }, 500),
    enabled: enabled && organisationId !== null,
  });
  return (staff.data?.staff ?? []).map((s) => ({ id: s.id, name: s.displayName }));
}

/** A person outside the caller's consent (or not there): the same words either way, and the way to break-glass. */
export function PersonNotFound() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('persons.notFoundTitle')} lead={<p>{t('persons.notFoundBody')}</p>} />
      <div className="stack">
        <p>{t('persons.notFoundEmergency')}</p>
        <div className="button-row">
          <ButtonLink to="/" variant="primary">
            {t('errors.goHome')}
          </ButtonLink>
          <ButtonLink to="/emergency-access" variant="danger">
            {t('nav.emergency')}
          </ButtonLink>
        </div>
      </div>
    </>
  );
}

function PersonPage({ person }: { person: PersonOverview }) {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const [params, setParams] = useSearchParams();
  const [recording, setRecording] = useState(false);
  const [choicesWanted, setChoicesWanted] = useState(false);
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const myStaff = useMyStaffChoices(
    choicesWanted && person.abilities.manageTeam,
    session.activeOrganisationId,
  );
  const myMembership = session.memberships.find((m) => m.organisationId === session.activeOrganisationId);
  const unreadMessages = useQuery(unreadMessagesQueryOptions(person.id));
  const { identity, abilities } = person;
  const sees = (c: InformationCategory) => person.visibleCategories.includes(c);

  const timelineHref = (category: InformationCategory, freshness?: 'stale' | 'due') => {
    const p = new URLSearchParams({ category });
    if (freshness) p.set('freshness', freshness);
    return `?${p.toString()}#timeline`;
  };
  const setFilters = (next: ItemFilters) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) p.set(k, String(v));
    setParams(p, { replace: true, preventScrollReset: true });
  };
  const activeTeam = person.team.filter((m) => m.isActive);
  const teamOrganisations = [...new Map(activeTeam.map((m) => [m.organisationId, m.organisationName]))].map(
    ([id, name]) => ({ id, name }),
  );

  const startRecording = () => {
    setRecording(true);
    document.getElementById('timeline')?.scrollIntoView({ block: 'start' });
  };

  return (
    <>
      <PageHeader
        eyebrow={t('persons.eyebrow')}
        title={identity.name}
        lead={<p className="person-kana">{identity.kana}</p>}
        actions={
          <>
            <CrisisPlanButton personId={person.id} />
            {abilities.recordItem ? (
              <Button variant="primary" onClick={startRecording}>
                {t('items.recordOpen')}
              </Button>
            ) : null}
          </>
        }
      />
      <div className="stack stack--large">
        <FlashMessage />
        <PersonTabs personId={person.id} active="info" unread={unreadMessages.data} />
        {person.access.emergencyUntil ? <EmergencyBanner until={person.access.emergencyUntil} /> : null}
        <ExcludedContactsBanner
          warning={{ present: person.doNotTell.length > 0, contacts: person.doNotTell }}
          {...(person.contacts ? { href: '#contacts' } : {})}
        />
        <JumpNav />

        <Section id="voice" title={t('persons.sections.voice')} className="person-section--voice">
          <p className="muted">{t('persons.voiceLead')}</p>
          <VoiceList items={person.voice} categories={['voice']} emptyText={t('items.voiceEmpty')} />
        </Section>

        <Section
          id="identity"
          title={t('persons.sections.identity')}
          actions={
            abilities.updateIdentity ? (
              <ButtonLink to={`/persons/${person.id}/edit`} small>
                {t('common.edit')}
              </ButtonLink>
            ) : null
          }
        >
          <IdentityDetails identity={identity} />
          <h3>{t('persons.certificates.title')}</h3>
          <Certificates
            personId={person.id}
            certificates={person.certificates}
            canManage={abilities.manageCertificates}
          />
        </Section>

        <Section id="contacts" title={t('persons.sections.contacts')}>
          <Contacts personId={person.id} contacts={person.contacts} canManage={abilities.manageContacts} />
        </Section>

        <Section id="life" title={t('persons.sections.life')}>
          <p className="muted">{t('persons.lifeLead')}</p>
          <VoiceList items={person.life} categories={lifeTopicCategories} emptyText={t('items.lifeEmpty')} />
        </Section>

        <Section id="team" title={t('persons.sections.team')}>
          <TeamPanel
            personId={person.id}
            team={person.team}
            canManage={abilities.manageTeam}
            myOrganisation={
              myMembership ? { id: myMembership.organisationId, name: myMembership.organisationName } : null
            }
            myStaff={myStaff}
            onAddOpen={() => setChoicesWanted(true)}
          />
        </Section>

        <Section id="consent" title={t('persons.sections.consent')}>
          <p className="muted">{t('consent.lead')}</p>
          <GrantList personId={person.id} grants={person.grants} canManage={abilities.manageGrants} />
          {abilities.manageGrants ? (
            <ConsentRecorder personId={person.id} organisations={teamOrganisations} />
          ) : null}
        </Section>

        <Section id="freshness" title={t('persons.sections.freshness')}>
          <p className="muted">{t('items.freshness.lead')}</p>
          <FreshnessSummary rows={person.freshness} linkFor={timelineHref} />
        </Section>

        <Section id="crisis" title={t('persons.sections.crisis')} className="person-section--crisis">
          <CrisisItems
            personId={person.id}
            isVisible={sees('crisis')}
            timelineHref={timelineHref('crisis')}
          />
          <PersonConsultations personId={person.id} />
        </Section>

        <Section id="plans" title={t('persons.sections.plans')}>
          <PlanList personId={person.id} seesWelfare={sees('welfare_services')} />
        </Section>

        <Section id="timeline" title={t('persons.sections.timeline')}>
          {abilities.recordItem ? (
            <Disclosure
              open={recording}
              onToggle={setRecording}
              label={t('items.recordOpen')}
              variant="primary"
            >
              <section aria-labelledby="record-title" className="subpanel stack">
                <h3 id="record-title">{t('items.recordTitle')}</h3>
                <RecordItemForm
                  personId={person.id}
                  initialCategory={filters.category}
                  onCancel={() => setRecording(false)}
                />
              </section>
            </Disclosure>
          ) : null}
          <Timeline
            personId={person.id}
            filters={filters}
            visibleCategories={person.visibleCategories}
            onFiltersChange={setFilters}
          />
        </Section>
      </div>
    </>
  );
}

function ConsentRecorder({
  personId,
  organisations,
}: {
  personId: string;
  organisations: readonly { id: string; name: string }[];
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Disclosure open={open} onToggle={setOpen} label={t('consent.recordTitle')}>
      <section aria-labelledby="record-grant-title" className="subpanel stack">
        <div className="panel__header">
          <h3 id="record-grant-title">{t('consent.recordTitle')}</h3>
          <Button small onClick={() => setOpen(false)}>
            {t('common.close')}
          </Button>
        </div>
        <RecordGrantForm personId={personId} teamOrganisations={organisations} />
      </section>
    </Disclosure>
  );
}

/** 本人のページ: the person's own words first, then who they are, their life, team, consent and record. */
export function PersonRoute() {
  const { id = '' } = useParams();
  const overview = useQuery(personOverviewQueryOptions(id));
  if (overview.isPending) return <Loading />;
  if (overview.isError) {
    if (isNotFound(overview.error)) return <PersonNotFound />;
    return <LoadError error={overview.error} onRetry={() => void overview.refetch()} />;
  }
  return <PersonPage person={overview.data} />;
}
