import type { OrganisationKind, Sector } from '@tsunagu/contract';
import { organisationKinds, sectors } from '@tsunagu/contract/enums';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { FlashMessage, PageHeader, type FlashState } from '../../components/ui/page.tsx';
import { Pagination } from '../../components/ui/pagination.tsx';
import { CalendarSummaryPanel } from '../../features/calendars/components/calendar-status.tsx';
import { LiaisonSettingsPanel } from '../../features/liaison/components/liaison-settings-panel.tsx';
import { OnCallSessionPanel } from '../../features/escalations/components/on-call-session-panel.tsx';
import {
  ORGANISATION_PAGE_SIZE,
  organisationQueryOptions,
  organisationsQueryOptions,
  useDeleteOrganisation,
  type OrganisationFilters as Filters,
} from '../../features/organisations/api/organisations.ts';
import { OrganisationDetails } from '../../features/organisations/components/organisation-details.tsx';
import { OrganisationFilters } from '../../features/organisations/components/organisation-filters.tsx';
import { OrganisationForm } from '../../features/organisations/components/organisation-form.tsx';
import { OrganisationList } from '../../features/organisations/components/organisation-list.tsx';
import { staffListQueryOptions } from '../../features/staff/api/staff.ts';
import { AddMemberDialog } from '../../features/staff/components/add-member-dialog.tsx';
import { PendingInvitations } from '../../features/staff/components/pending-invitations.tsx';
import { StaffTable } from '../../features/staff/components/staff-table.tsx';
import { isNotFound } from '../../lib/api-client.ts';
import { messageOf } from '../../lib/validation.ts';
import { useRegionChoices } from '../region-choices.ts';
import { useSignedInSession } from '../session-gate.tsx';
import { NotFoundRoute } from './not-found.tsx';

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The list's filters live in the address, so Back and a shared link show the same list. */
function useFiltersInUrl(): [Filters, (next: Filters) => void] {
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    q: params.get('q') ?? undefined,
    sector: oneOf<Sector>(sectors, params.get('sector')),
    kind: oneOf<OrganisationKind>(organisationKinds, params.get('kind')),
    regionId: params.get('regionId') ?? undefined,
    offset: Number(params.get('offset')) || undefined,
  };
  const set = (next: Filters) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(next))
      if (v !== undefined && v !== '' && v !== 0) p.set(k, String(v));
    setParams(p);
  };
  return [filters, set];
}

/** 機関の一覧 */
export function OrganisationListRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const [filters, setFilters] = useFiltersInUrl();
  const list = useQuery(organisationsQueryOptions(filters));
  const regions = useRegionChoices();
  const regionNames = new Map(regions.choices.map((r) => [r.id, r.name]));

  return (
    <>
      <PageHeader
        title={t('organisations.listTitle')}
        actions={
          session.abilities.manageOrganisations ? (
            <ButtonLink to="/organisations/new" variant="primary">
              {t('organisations.create')}
            </ButtonLink>
          ) : null
        }
      />
      <FlashMessage />
      <OrganisationFilters
        key={JSON.stringify({ ...filters, offset: undefined })}
        value={filters}
        regionChoices={regions.choices}
        onApply={(next) => setFilters(next)}
      />
      <div className="results" aria-busy={list.isFetching}>
        {list.isPending ? <Loading /> : null}
        {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
        {list.data ? (
          <>
            <p className="results__count" role="status">
              {t('common.count', { count: list.data.total })}
            </p>
            {list.data.organisations.length ? (
              <OrganisationList organisations={list.data.organisations} regionNames={regionNames} />
            ) : (
              <p>{t('organisations.noResults')}</p>
            )}
            <Pagination
              total={list.data.total}
              offset={filters.offset ?? 0}
              pageSize={ORGANISATION_PAGE_SIZE}
              onChange={(offset) => setFilters({ ...filters, offset })}
            />
          </>
        ) : null}
      </div>
    </>
  );
}

/** 機関の詳細: contact, hours, areas served, staff. */
export function OrganisationDetailRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const session = useSignedInSession();
  const organisation = useQuery(organisationQueryOptions(id));
  const staff = useQuery({
    ...staffListQueryOptions({ organisationId: id }, 200),
    enabled: organisation.isSuccess,
  });
  const regions = useRegionChoices();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [addingMember, setAddingMember] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const remove = useDeleteOrganisation();

  if (organisation.isPending) return <Loading />;
  if (organisation.isError) {
    if (isNotFound(organisation.error)) return <NotFoundRoute />;
    return <LoadError error={organisation.error} onRetry={() => void organisation.refetch()} />;
  }
  const o = organisation.data;
  return (
    <>
      <PageHeader
        title={o.name}
        eyebrow={t(`enums.organisationKind.${o.kind}`)}
        lead={<p className="muted">{o.kana}</p>}
        actions={
          <>
            {o.abilities.update ? (
              <ButtonLink to={`/organisations/${o.id}/edit`} variant="primary">
                {t('common.edit')}
              </ButtonLink>
            ) : null}
            {o.abilities.delete ? (
              <Button
                variant="danger"
                onClick={() => {
                  remove.reset();
                  setConfirmDelete(true);
                }}
              >
                {t('common.delete')}
              </Button>
            ) : null}
          </>
        }
      />
      <FlashMessage />
      {message ? <Notice tone="success">{message}</Notice> : null}
      <OrganisationDetails organisation={o} regions={regions.byId} />
      <CalendarSummaryPanel organisationId={o.id} />
      <LiaisonSettingsPanel organisationId={o.id} />
      {o.abilities.manageStaff ? <OnCallSessionPanel organisationId={o.id} /> : null}
      <section className="panel stack section-gap" aria-labelledby="org-staff">
        <div className="panel__header">
          <h2 id="org-staff" className="panel__title">
            {t('organisations.staffList')}
          </h2>
          {o.abilities.manageStaff ? (
            <div className="button-row">
              <ButtonLink to={`/staff/new?organisationId=${o.id}`} small>
                {t('staff.create')}
              </ButtonLink>
              <Button small onClick={() => setAddingMember(true)}>
                {session.abilities.addMembersDirectly ? t('staff.addExisting') : t('invitations.invite')}
              </Button>
            </div>
          ) : null}
        </div>
        {staff.isPending ? <Loading /> : null}
        {staff.isError ? <LoadError error={staff.error} onRetry={() => void staff.refetch()} /> : null}
        {staff.data ? (
          staff.data.staff.length ? (
            <StaffTable
              staff={staff.data.staff}
              caption={t('organisations.staffList')}
              showLastSignIn={o.abilities.manageStaff}
            />
          ) : (
            <p>{t('staff.noResults')}</p>
          )
        ) : null}
      </section>
      {o.abilities.manageStaff ? (
        <section className="panel stack section-gap" aria-labelledby="org-invitations">
          <h2 id="org-invitations" className="panel__title">
            {t('invitations.pendingTitle')}
          </h2>
          <PendingInvitations organisationId={o.id} />
        </section>
      ) : null}
      {addingMember ? (
        <AddMemberDialog
          organisationId={o.id}
          organisationName={o.name}
          direct={session.abilities.addMembersDirectly}
          onClose={() => setAddingMember(false)}
          onAdded={(result) => {
            setAddingMember(false);
            setMessage(result.outcome === 'added' ? t('staff.addedMember') : t('invitations.sent'));
          }}
        />
      ) : null}
      <ConfirmDialog
        open={confirmDelete}
        title={t('organisations.deleteTitle')}
        message={t('organisations.deleteConfirm', { name: o.name })}
        confirmLabel={t('common.delete')}
        danger
        busy={remove.isPending}
        error={remove.isError ? messageOf(remove.error) : null}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() =>
          remove.mutate(o.id, {
            onSuccess: () =>
              void navigate('/organisations', {
                state: { flash: t('organisations.deleted') } satisfies FlashState,
              }),
          })
        }
      />
    </>
  );
}

/** 機関の登録 (system admins) */
export function OrganisationCreateRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSignedInSession();
  const regions = useRegionChoices();
  if (!session.abilities.manageOrganisations) {
    return (
      <>
        <PageHeader title={t('organisations.createTitle')} />
        <Notice tone="error">{t('errors.forbidden')}</Notice>
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('organisations.createTitle')} />
      {regions.isPending ? (
        <Loading />
      ) : (
        <OrganisationForm
          regionChoices={regions.choices}
          cancelTo="/organisations"
          onSaved={(o) =>
            void navigate(`/organisations/${o.id}`, {
              state: { flash: t('organisations.created') } satisfies FlashState,
            })
          }
        />
      )}
    </>
  );
}

/** 機関の情報を変更 */
export function OrganisationEditRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const organisation = useQuery(organisationQueryOptions(id));
  const regions = useRegionChoices();
  if (organisation.isPending || regions.isPending) return <Loading />;
  if (organisation.isError) {
    if (isNotFound(organisation.error)) return <NotFoundRoute />;
    return <LoadError error={organisation.error} onRetry={() => void organisation.refetch()} />;
  }
  const o = organisation.data;
  return (
    <>
      <PageHeader title={t('organisations.editTitle')} eyebrow={o.name} />
      {o.abilities.update ? (
        <OrganisationForm
          organisation={o}
          regionChoices={regions.choices}
          cancelTo={`/organisations/${o.id}`}
          onSaved={() =>
            void navigate(`/organisations/${o.id}`, {
              state: { flash: t('organisations.updated') } satisfies FlashState,
            })
          }
        />
      ) : (
        <Notice tone="error">{t('errors.forbidden')}</Notice>
      )}
    </>
  );
}
