import type { UrgentCase } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Notice } from '../../../components/ui/notice.tsx';
import { PhoneLink } from '../../../components/ui/phone-link.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { BreakGlassForm } from './reason-form.tsx';

/** One number to call, large enough to tap at night, or that there is none. */
function CallLine({ label, number, callLabel }: { label: string; number: string | null; callLabel: string }) {
  const { t } = useTranslation();
  return (
    <div className="urgent-call-line">
      <dt>{label}</dt>
      <dd>
        {number ? (
          <PhoneLink number={number} label={callLabel} className="button button--primary urgent-phone" />
        ) : (
          <span className="muted">{t('night.sender.none')}</span>
        )}
      </dd>
    </div>
  );
}

/**
 * 連絡した人と折り返し先 and 連絡の内容: who sent it and the numbers to call back — always, whatever
 * the reader's consent — then the words where the server says the reader may read them, on which
 * basis, else why not and the way to break-glass; and the emergency exception, if recorded.
 */
export function CaseWords({ urgentCase }: { urgentCase: UrgentCase }) {
  const { t } = useTranslation();
  const { openedBy, message, disclosure } = urgentCase;
  const sender = openedBy.name ?? openedBy.organisationName;
  return (
    <section className="panel stack urgent-words" aria-labelledby="urgent-words-title">
      <h2 id="urgent-words-title" className="panel__title">
        {t('night.sender.title')}
      </h2>
      <dl className="urgent-sender">
        <div className="urgent-call-line">
          <dt>{t('night.sender.name')}</dt>
          <dd>
            <strong>{openedBy.name ?? t('offHours.unknownName')}</strong>
            {t('common.paren', { text: openedBy.organisationName })}
          </dd>
        </div>
        <CallLine
          label={t('night.sender.callback')}
          number={urgentCase.callbackPhone}
          callLabel={t('night.sender.callLabel', { name: sender })}
        />
        {/* The organisation's own number, unless it is the one to call back. */}
        {openedBy.organisationPhone !== urgentCase.callbackPhone ? (
          <CallLine
            label={t('night.sender.organisationPhone')}
            number={openedBy.organisationPhone}
            callLabel={t('night.sender.callLabel', { name: openedBy.organisationName })}
          />
        ) : null}
      </dl>

      <h3 className="urgent-words__title">{t('night.message.title')}</h3>
      {message.body !== null ? (
        <>
          <blockquote className="urgent-message">{message.body}</blockquote>
          {message.basis ? (
            <p className="muted">
              {t(`night.message.basis.${message.basis}`, { article: disclosure?.article ?? '' })}
            </p>
          ) : null}
        </>
      ) : message.withdrawn ? (
        <p>{t('night.message.withdrawn')}</p>
      ) : message.withheld ? (
        <div className="stack">
          <Notice tone="warning" live={false}>
            <p>{t('night.message.withheld', { category: t(`enums.category.${urgentCase.category}`) })}</p>
          </Notice>
          {urgentCase.person?.canBreakGlass ? (
            <BreakGlassForm caseId={urgentCase.id} formId="urgent-message-break-glass" />
          ) : null}
        </div>
      ) : null}

      {disclosure ? (
        <Notice tone="info" live={false} title={t('night.disclosure.title')}>
          <p>
            {t(disclosure.active ? 'night.disclosure.active' : 'night.disclosure.ended', {
              organisation: disclosure.recordedByOrganisationName,
              article: disclosure.article,
              end: formatDateTime(disclosure.endsAt),
            })}
          </p>
          <p>{t('night.disclosure.conditions')}</p>
          <p>{t('night.disclosure.reason', { reason: disclosure.reason })}</p>
        </Notice>
      ) : null}
    </section>
  );
}
