import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { CheckboxField, TextField } from '../../components/ui/field.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { FlashMessage, PageHeader, type FlashState } from '../../components/ui/page.tsx';
import {
  consultationQueryOptions,
  consultationsQueryOptions,
} from '../../features/consultations/api/consultations.ts';
import { ConsultationForm } from '../../features/consultations/components/consultation-form.tsx';
import {
  ConsultationDetail,
  ConsultationList,
} from '../../features/consultations/components/consultation-views.tsx';
import { isNotFound } from '../../lib/api-client.ts';
import { formatDateTime } from '../../lib/format.ts';

/** /consultations: my organisation's log, filtered by period and follow-up. */
export function ConsultationsRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = {
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
    followUp: params.get('followUp') === 'true' || undefined,
  };
  const [from, setFrom] = useState(query.from ?? '');
  const [to, setTo] = useState(query.to ?? '');
  const [followUp, setFollowUp] = useState(query.followUp ?? false);
  const consultations = useQuery(consultationsQueryOptions(query));
  function apply(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams();
    if (from) next.set('from', from);
    if (to) next.set('to', to);
    if (followUp) next.set('followUp', 'true');
    setParams(next);
  }
  return (
    <>
      <PageHeader
        title={t('offHours.consultation.listTitle')}
        lead={<p>{t('offHours.consultation.listLead')}</p>}
        actions={
          <ButtonLink to="/consultations/new" variant="primary">
            {t('offHours.consultation.new')}
          </ButtonLink>
        }
      />
      <div className="stack">
        <details className="consultation-filters" open={Boolean(query.from || query.to || query.followUp)}>
          <summary>{t('offHours.consultation.filters')}</summary>
          <form className="filters" onSubmit={apply} aria-label={t('offHours.consultation.filters')}>
            <TextField
              id="consultations-from"
              type="date"
              label={t('offHours.consultation.from')}
              value={from}
              onChange={(e) => setFrom(e.target.value)}
            />
            <TextField
              id="consultations-to"
              type="date"
              label={t('offHours.consultation.to')}
              value={to}
              onChange={(e) => setTo(e.target.value)}
            />
            <CheckboxField
              id="consultations-follow-up"
              label={t('offHours.consultation.followUpOnly')}
              checked={followUp}
              onChange={(e) => setFollowUp(e.target.checked)}
            />
            <div className="filters__actions">
              <Button type="submit">{t('offHours.consultation.applyFilters')}</Button>
            </div>
          </form>
        </details>
        {consultations.isPending ? <Loading /> : null}
        {consultations.isError ? (
          <LoadError error={consultations.error} onRetry={() => void consultations.refetch()} />
        ) : null}
        {consultations.data ? (
          consultations.data.consultations.length ? (
            <>
              <p role="status" className="results__count">
                {t('common.count', { count: consultations.data.consultations.length })}
              </p>
              <ConsultationList consultations={consultations.data.consultations} />
            </>
          ) : (
            <p role="status">{t('offHours.consultation.none')}</p>
          )
        ) : null}
      </div>
    </>
  );
}

/** /consultations/new: the fast form for a call. */
export function ConsultationCreateRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader
        title={t('offHours.consultation.newTitle')}
        eyebrow={<Link to="/consultations">{t('offHours.consultation.listTitle')}</Link>}
        lead={<p>{t('offHours.consultation.newLead')}</p>}
      />
      <ConsultationForm
        onSaved={(saved) =>
          void navigate(`/consultations/${saved.id}`, {
            state: {
              flash: saved.urgentCaseId
                ? t('offHours.consultation.savedWithCase')
                : t('offHours.consultation.saved'),
            } satisfies FlashState,
          })
        }
      />
    </>
  );
}

/** /consultations/:id */
export function ConsultationRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const consultation = useQuery(consultationQueryOptions(id));
  const back = <Link to="/consultations">{t('offHours.consultation.listTitle')}</Link>;
  if (consultation.isPending) return <Loading />;
  if (consultation.isError)
    return isNotFound(consultation.error) ? (
      <>
        <PageHeader title={t('offHours.consultation.title')} eyebrow={back} />
        <Notice tone="info">{t('offHours.consultation.notFound')}</Notice>
      </>
    ) : (
      <LoadError error={consultation.error} onRetry={() => void consultation.refetch()} />
    );
  return (
    <>
      <PageHeader
        title={t('offHours.consultation.title')}
        eyebrow={back}
        lead={<p>{formatDateTime(consultation.data.receivedAt)}</p>}
      />
      <div className="stack">
        <FlashMessage />
        <ConsultationDetail consultation={consultation.data} />
      </div>
    </>
  );
}
