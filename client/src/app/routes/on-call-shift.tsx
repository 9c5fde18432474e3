import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { FlashMessage, PageHeader, type FlashState } from '../../components/ui/page.tsx';
import { organisationQueryOptions } from '../../features/organisations/api/organisations.ts';
import { shiftQueryOptions, useCancelShift } from '../../features/on-call/api/on-call.ts';
import { ShiftForm } from '../../features/on-call/components/shift-form.tsx';
import { ShiftHistory } from '../../features/on-call/components/shift-history.tsx';
import { ShiftFacts, useShiftTimeText } from '../../features/on-call/components/shift-summary.tsx';
import { SwapRequestForm, SwapRequestList } from '../../features/on-call/components/swap-requests.tsx';
import { staffListQueryOptions } from '../../features/staff/api/staff.ts';
import { isNotFound } from '../../lib/api-client.ts';
import { messageOf } from '../../lib/validation.ts';
import { useSignedInSession } from '../session-gate.tsx';
import { NotFoundRoute } from './not-found.tsx';
import { useCanAddShifts, useRegionName } from './on-call.tsx';

/** The staff of an organisation, for the people pickers of a shift. */
function useOrganisationStaff(organisationId: string | null) {
  return useQuery({
    ...staffListQueryOptions({ organisationId: organisationId ?? undefined }, 200),
    enabled: organisationId !== null,
  });
}

/** 当番を登録: for the organisation the admin acts for, starting on the day the rota showed. */
export function ShiftCreateRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSignedInSession();
  const [params] = useSearchParams();
  const organisationId = session.activeOrganisationId;
  const canAdd = useCanAddShifts();
  const organisation = useQuery({
    ...organisationQueryOptions(organisationId ?? ''),
    enabled: organisationId !== null,
  });
  const staff = useOrganisationStaff(organisationId);
  const regions = useRegionName();
  const date = params.get('date');

  if (!organisationId || (organisation.isSuccess && !canAdd)) {
    return (
      <>
        <PageHeader title={t('onCall.form.createTitle')} />
        <Notice tone="error">{t('errors.forbidden')}</Notice>
      </>
    );
  }
  if (organisation.isPending || staff.isPending || regions.isPending) return <Loading />;
  if (organisation.isError || staff.isError) {
    return <LoadError error={organisation.error ?? staff.error} />;
  }
  return (
    <>
      <PageHeader title={t('onCall.form.createTitle')} eyebrow={organisation.data.name} />
      <ShiftForm
        organisationId={organisationId}
        staff={staff.data.staff}
        regionChoices={regions.choices}
        defaultRegionIds={organisation.data.regionIds}
        defaultDate={date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined}
        cancelTo="/on-call/rota"
        onSaved={(id, count) =>
          void navigate(count === 1 ? `/on-call/shifts/${id}` : `/on-call/rota?date=${date ?? ''}`, {
            state: { flash: t('onCall.form.created', { count }) } satisfies FlashState,
          })
        }
      />
    </>
  );
}

/** 当番を変更 */
export function ShiftEditRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const detail = useQuery(shiftQueryOptions(id));
  const staff = useOrganisationStaff(detail.data?.shift.organisationId ?? null);
  const regions = useRegionName();
  if (detail.isPending || regions.isPending) return <Loading />;
  if (detail.isError) {
    if (isNotFound(detail.error)) return <NotFoundRoute />;
    return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  const { shift } = detail.data;
  if (!shift.abilities.manage) {
    return (
      <>
        <PageHeader title={t('onCall.form.editTitle')} />
        <Notice tone="error">{t('errors.forbidden')}</Notice>
      </>
    );
  }
  if (staff.isPending) return <Loading />;
  if (staff.isError) return <LoadError error={staff.error} onRetry={() => void staff.refetch()} />;
  return (
    <>
      <PageHeader title={t('onCall.form.editTitle')} eyebrow={shift.organisationName} />
      <ShiftForm
        organisationId={shift.organisationId}
        shift={shift}
        staff={staff.data.staff}
        regionChoices={regions.choices}
        defaultRegionIds={shift.regionIds}
        cancelTo={`/on-call/shifts/${shift.id}`}
        onSaved={() =>
          void navigate(`/on-call/shifts/${shift.id}`, {
            state: { flash: t('onCall.form.updated') } satisfies FlashState,
          })
        }
      />
    </>
  );
}

/** 当番の詳細: who, when, where; the admin's edit and cancel; the holder's swap request; history. */
export function ShiftDetailRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSignedInSession();
  const detail = useQuery(shiftQueryOptions(id));
  const staff = useOrganisationStaff(
    detail.data?.shift.abilities.requestSwap ? detail.data.shift.organisationId : null,
  );
  const { regionName } = useRegionName();
  const timeText = useShiftTimeText();
  const cancel = useCancelShift(id);
  const [confirmCancel, setConfirmCancel] = useState(false);

  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    if (isNotFound(detail.error)) return <NotFoundRoute />;
    return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  const { shift, history, swapRequests } = detail.data;
  return (
    <>
      <PageHeader
        title={timeText(shift)}
        eyebrow={t('onCall.detail.eyebrow', { organisation: shift.organisationName })}
        lead={shift.cancelledAt ? <Badge tone="error">{t('onCall.detail.cancelled')}</Badge> : null}
        actions={
          shift.abilities.manage ? (
            <>
              <ButtonLink to={`/on-call/shifts/${shift.id}/edit`} variant="primary">
                {t('common.edit')}
              </ButtonLink>
              <Button
                variant="danger"
                onClick={() => {
                  cancel.reset();
                  setConfirmCancel(true);
                }}
              >
                {t('onCall.detail.cancel')}
              </Button>
            </>
          ) : null
        }
      />
      <FlashMessage />
      <div className="detail-grid">
        <section className="panel stack" aria-labelledby="shift-facts">
          <h2 id="shift-facts" className="panel__title">
            {t('onCall.detail.facts')}
          </h2>
          <ShiftFacts shift={shift} regionName={regionName} showTime={false} />
        </section>
        <section className="panel stack" aria-labelledby="shift-swaps">
          <h2 id="shift-swaps" className="panel__title">
            {t('onCall.swap.title')}
          </h2>
          <SwapRequestList requests={swapRequests} showShift={false} />
          {shift.abilities.requestSwap && staff.data ? (
            <SwapRequestForm shift={shift} myUserId={session.user.id} staff={staff.data.staff} />
          ) : null}
        </section>
      </div>
      <section className="panel stack section-gap" aria-labelledby="shift-history">
        <h2 id="shift-history" className="panel__title">
          {t('onCall.detail.history')}
        </h2>
        <ShiftHistory history={history} />
      </section>
      <ConfirmDialog
        open={confirmCancel}
        title={t('onCall.detail.cancelTitle')}
        message={t('onCall.detail.cancelConfirm', { time: timeText(shift) })}
        confirmLabel={t('onCall.detail.cancel')}
        danger
        busy={cancel.isPending}
        error={cancel.isError ? messageOf(cancel.error) : null}
        onCancel={() => setConfirmCancel(false)}
        onConfirm={() => cancel.mutate(undefined, { onSuccess: () => setConfirmCancel(false) })}
      />
    </>
  );
}
