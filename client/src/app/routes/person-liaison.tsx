import type { LiaisonSheet, PersonOverview } from '@tsunagu/contract';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { Disclosure } from '../../components/ui/disclosure.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import {
  contactLogQueryOptions,
  recipientsQueryOptions,
  sheetsQueryOptions,
} from '../../features/liaison/api/liaison.ts';
import { ContactLogForm, ContactLogList } from '../../features/liaison/components/contact-log.tsx';
import { SheetForm } from '../../features/liaison/components/sheet-form.tsx';
import { SheetList } from '../../features/liaison/components/sheet-list.tsx';
import {
  awaitingOthersQueryOptions,
  unreadMessagesQueryOptions,
} from '../../features/messages/api/messages.ts';
import { personOverviewQueryOptions } from '../../features/persons/api/persons.ts';
import {
  EmergencyBanner,
  ExcludedContactsBanner,
} from '../../features/persons/components/person-banners.tsx';
import { PersonTabs } from '../../features/persons/components/person-tabs.tsx';
import { isNotFound } from '../../lib/api-client.ts';
import { PersonNotFound } from './person.tsx';

/** 連携シート: to the team's organisations without tsunagu; the sheets so far and their replies. */
function Sheets({ person, messageId }: { person: PersonOverview; messageId: string | undefined }) {
  const { t } = useTranslation();
  const recipients = useQuery(recipientsQueryOptions(person.id));
  const sheets = useQuery(sheetsQueryOptions(person.id));
  // A sheet carries a 要確認 message of this person that still awaits someone.
  const awaiting = useQuery({ ...awaitingOthersQueryOptions, enabled: person.access.onTeam });
  const [open, setOpen] = useState(messageId !== undefined);
  const [created, setCreated] = useState<{ id: string; pin: string | undefined } | null>(null);
  const messages = (awaiting.data ?? [])
    .filter((m) => m.personId === person.id && m.excerpt)
    .map((m) => ({ id: m.messageId, category: m.category, excerpt: m.excerpt ?? '' }));
  const onCreated = (sheet: LiaisonSheet) => {
    setCreated({ id: sheet.id, pin: sheet.pin });
    setOpen(false);
  };
  return (
    <section aria-labelledby="liaison-sheets-title" className="panel stack">
      <h2 id="liaison-sheets-title" className="panel__title">
        {t('liaison.sheets.title')}
      </h2>
      <p className="muted">{t('liaison.sheets.lead')}</p>
      {created ? (
        <Notice tone="success">
          <p>{t('liaison.sheets.created')}</p>
        </Notice>
      ) : null}
      {recipients.isPending ? <Loading /> : null}
      {recipients.data && recipients.data.recipients.length === 0 ? (
        <p className="muted">{t('liaison.sheets.noRecipients')}</p>
      ) : null}
      {recipients.data && recipients.data.recipients.length > 0 && person.access.onTeam ? (
        <Disclosure open={open} onToggle={setOpen} label={t('liaison.sheets.create')} variant="primary">
          <SheetForm
            personId={person.id}
            recipients={recipients.data.recipients}
            messages={messages}
            initialMessageId={messageId}
            onCreated={onCreated}
          />
        </Disclosure>
      ) : null}
      {sheets.isError ? <LoadError error={sheets.error} onRetry={() => void sheets.refetch()} /> : null}
      {sheets.data ? <SheetList sheets={sheets.data.sheets} justCreated={created} /> : null}
    </section>
  );
}

/** 連絡記録: phone calls, faxes, visits and meetings, as information within consent. */
function ContactLog({ person }: { person: PersonOverview }) {
  const { t } = useTranslation();
  const log = useQuery(contactLogQueryOptions(person.id));
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  return (
    <section aria-labelledby="contact-log-title" className="panel stack">
      <h2 id="contact-log-title" className="panel__title">
        {t('liaison.contacts.title')}
      </h2>
      <p className="muted">{t('liaison.contacts.lead')}</p>
      {saved ? (
        <Notice tone="success">
          <p>{t('liaison.contacts.saved')}</p>
        </Notice>
      ) : null}
      {person.access.onTeam ? (
        <Disclosure open={open} onToggle={setOpen} label={t('liaison.contacts.add')}>
          <ContactLogForm
            personId={person.id}
            onSaved={() => {
              setSaved(true);
              setOpen(false);
            }}
          />
        </Disclosure>
      ) : null}
      {log.isPending ? <Loading /> : null}
      {log.isError ? <LoadError error={log.error} onRetry={() => void log.refetch()} /> : null}
      {log.data ? <ContactLogList entries={log.data.entries} /> : null}
    </section>
  );
}

function PersonLiaisonPage({ person }: { person: PersonOverview }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const unread = useQuery(unreadMessagesQueryOptions(person.id));
  return (
    <div className="stack">
      <PageHeader title={t('liaison.pageTitle', { name: person.identity.name })} />
      {person.access.emergencyUntil ? <EmergencyBanner until={person.access.emergencyUntil} /> : null}
      <PersonTabs personId={person.id} active="liaison" unread={unread.data} />
      {/* For the one writing; never on the sheet, its PDF or FAX, which leave the team. */}
      <ExcludedContactsBanner
        warning={{ present: person.doNotTell.length > 0, contacts: person.doNotTell }}
        className="no-print"
      />
      <Sheets person={person} messageId={params.get('message') ?? undefined} />
      <ContactLog person={person} />
    </div>
  );
}

/** 連携シート・連絡記録: the third tab of a person's record. */
export function PersonLiaisonRoute() {
  const { id = '' } = useParams();
  const overview = useQuery(personOverviewQueryOptions(id));
  if (overview.isPending) return <Loading />;
  if (overview.isError) {
    if (isNotFound(overview.error)) return <PersonNotFound />;
    return <LoadError error={overview.error} onRetry={() => void overview.refetch()} />;
  }
  return <PersonLiaisonPage person={overview.data} />;
}
