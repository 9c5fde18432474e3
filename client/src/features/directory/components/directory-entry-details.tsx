import type { DirectoryEntry, HoursText } from '@tsunagu/contract';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PhoneLink } from '../../../components/ui/phone-link.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { BusinessHoursTable } from '../../organisations/components/business-hours-table.tsx';
import type { RegionChoice } from '../../organisations/components/region-choices.ts';
import { OpenBadge } from './directory-results.tsx';

const hoursTextKeys = ['weekday', 'saturday', 'sunday', 'holiday', 'closedDays', 'notes'] as const;

/** A labelled line of a description list; `value` null shows 「未設定」. */
function Fact({ label, value }: { label: string; value: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value ?? <span className="muted">{t('common.notSet')}</span>}</dd>
    </div>
  );
}

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel stack" aria-labelledby={id}>
      <h2 id={id} className="panel__title">
        {title}
      </h2>
      {children}
    </section>
  );
}

function PublishedHours({ text }: { text: HoursText }) {
  const { t } = useTranslation();
  const rows = hoursTextKeys.filter((k) => text[k]);
  if (!rows.length) return null;
  return (
    <>
      <h3 className="subheading">{t('directory.entry.hoursText')}</h3>
      <dl className="description-list description-list--compact">
        {rows.map((k) => (
          <Fact key={k} label={t(`directory.entry.hoursTextLabels.${k}`)} value={text[k]} />
        ))}
      </dl>
    </>
  );
}

/**
 * An entry's page: how to reach it, what it offers and handles, when it is open (the weekly
 * hours and the text as published), what using it takes, and where the information came from
 * and who last confirmed it.
 */
export function DirectoryEntryDetails({
  entry: e,
  regions,
}: {
  entry: DirectoryEntry;
  regions: ReadonlyMap<string, RegionChoice>;
}) {
  const { t } = useTranslation();
  const list = (items: readonly string[]) => (items.length ? items.join(t('common.listSeparator')) : null);
  return (
    <div className="detail-grid">
      <Panel id="entry-contact" title={t('directory.entry.contact')}>
        <dl className="description-list">
          <Fact label={t('directory.entry.category')} value={t(`directory.categories.${e.category}`)} />
          <Fact label={t('directory.entry.kind')} value={t(`enums.organisationKind.${e.kind}`)} />
          <Fact label={t('directory.entry.address')} value={e.address} />
          <Fact
            label={t('directory.entry.phone')}
            value={e.phone ? <PhoneLink number={e.phone} label={e.name} /> : null}
          />
          <Fact label={t('directory.entry.fax')} value={e.fax ? <PhoneLink number={e.fax} /> : null} />
          <Fact
            label={t('directory.entry.url')}
            value={
              e.url ? (
                <a href={e.url} rel="noopener noreferrer" target="_blank">
                  {e.url}
                </a>
              ) : null
            }
          />
          <Fact
            label={t('directory.entry.onTsunagu')}
            value={e.isOnTsunagu ? t('directory.entry.onTsunaguYes') : t('directory.entry.onTsunaguNo')}
          />
          <Fact
            label={t('directory.entry.channel')}
            value={e.preferredChannel ? t(`directory.channels.${e.preferredChannel}`) : null}
          />
          <Fact
            label={t('directory.entry.regions')}
            value={list(e.regionIds.map((id) => regions.get(id)?.name ?? id))}
          />
          <Fact
            label={t('directory.entry.location')}
            value={e.latitude !== null && e.longitude !== null ? `${e.latitude}, ${e.longitude}` : null}
          />
        </dl>
      </Panel>
      <Panel id="entry-services" title={t('directory.entry.services')}>
        <dl className="description-list">
          <Fact
            label={t('directory.entry.serviceTypes')}
            value={list(e.serviceTypes.map((s) => t(`directory.serviceTypes.${s}`)))}
          />
          <Fact
            label={t('directory.entry.remits')}
            value={list(e.remits.map((r) => t(`directory.remits.${r}`)))}
          />
        </dl>
      </Panel>
      <Panel id="entry-hours" title={t('directory.entry.hours')}>
        <p>
          <OpenBadge isOpen={e.isOpen} at={null} />{' '}
          <span className="muted">
            {e.closesOnHolidays ? t('directory.entry.holidaysClosed') : t('directory.entry.holidaysOpen')}
          </span>
        </p>
        {e.businessHours.length ? (
          <BusinessHoursTable hours={e.businessHours} caption={t('directory.entry.hours')} />
        ) : (
          <p>{t('directory.entry.noHours')}</p>
        )}
        {e.hoursText ? <PublishedHours text={e.hoursText} /> : null}
      </Panel>
      <Panel id="entry-use" title={t('directory.entry.use')}>
        <dl className="description-list">
          <Fact
            label={t('directory.entry.capacity')}
            value={e.capacity !== null ? t('directory.entry.capacityValue', { count: e.capacity }) : null}
          />
          <Fact
            label={t('directory.entry.acceptsNewUsers')}
            value={
              e.acceptsNewUsers === null
                ? null
                : e.acceptsNewUsers
                  ? t('directory.entry.acceptsYes')
                  : t('directory.entry.acceptsNo')
            }
          />
          <Fact
            label={t('directory.entry.trialStay')}
            value={e.offersTrialStay ? t('directory.entry.trialYes') : t('directory.entry.trialNo')}
          />
          <Fact
            label={t('directory.entry.accessibility')}
            value={list(e.accessibility.map((a) => t(`directory.accessibility.${a}`)))}
          />
          <Fact
            label={t('directory.entry.languages')}
            value={list(e.languages.map((l) => t(`directory.languages.${l}`)))}
          />
          <Fact label={t('directory.entry.referral')} value={e.referralNote} />
          <Fact label={t('directory.entry.notes')} value={e.notes} />
        </dl>
      </Panel>
      <Panel id="entry-record" title={t('directory.entry.record')}>
        <dl className="description-list">
          <Fact label={t('directory.entry.source')} value={t(`directory.sources.${e.entrySource}`)} />
          {e.corporationName ? (
            <Fact label={t('directory.entry.corporation')} value={e.corporationName} />
          ) : null}
          {e.officeNumber ? <Fact label={t('directory.entry.officeNumber')} value={e.officeNumber} /> : null}
          <Fact label={t('directory.entry.confirmedAt')} value={formatDateTime(e.confirmedAt)} />
          <Fact
            label={t('directory.entry.confirmedBy')}
            value={
              e.confirmedBy
                ? e.confirmedBy.name
                : e.confirmedByImport
                  ? t('directory.entry.confirmedByImport')
                  : t('directory.entry.confirmedByUnknown')
            }
          />
        </dl>
      </Panel>
    </div>
  );
}
