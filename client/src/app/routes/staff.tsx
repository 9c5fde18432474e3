import type { CreatedStaff } from '@tsunagu/contract';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { FlashMessage, PageHeader, type FlashState } from '../../components/ui/page.tsx';
import { Pagination } from '../../components/ui/pagination.tsx';
import {
  STAFF_PAGE_SIZE,
  staffListQueryOptions,
  staffMemberQueryOptions,
  type StaffFilters as Filters,
} from '../../features/staff/api/staff.ts';
import { CredentialsPanel } from '../../features/staff/components/credentials-panel.tsx';
import { MembershipsPanel } from '../../features/staff/components/memberships-panel.tsx';
import { StaffCreateForm } from '../../features/staff/components/staff-create-form.tsx';
import { StaffDetails } from '../../features/staff/components/staff-details.tsx';
import { StaffEditForm } from '../../features/staff/components/staff-edit-form.tsx';
import { StaffFilters } from '../../features/staff/components/staff-filters.tsx';
import { StaffTable } from '../../features/staff/components/staff-table.tsx';
import { TemporaryPassword } from '../../features/staff/components/temporary-password.tsx';
import { isNotFound } from '../../lib/api-client.ts';
import { useOrganisationChoices } from '../organisation-choices.ts';
import { useSignedInSession } from '../session-gate.tsx';
import { NotFoundRoute } from './not-found.tsx';

/** 職員の一覧 */
export function StaffListRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    q: params.get('q') ?? undefined,
    organisationId: params.get('organisationId') ?? undefined,
    offset: Number(params.get('offset')) || undefined,
  };
  const setFilters = (next: Filters) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(next))
      if (v !== undefined && v !== '' && v !== 0) p.set(k, String(v));
    setParams(p);
  };
  const list = useQuery(staffListQueryOptions(filters));
  const organisations = useOrganisationChoices();

  return (
    <>
      <PageHeader
        title={t('staff.listTitle')}
        actions={
          session.abilities.manageStaff ? (
            <ButtonLink to="/staff/new" variant="primary">
              {t('staff.create')}
            </ButtonLink>
          ) : null
        }
      />
      <FlashMessage />
      <StaffFilters
        key={JSON.stringify({ ...filters, offset: undefined })}
        value={filters}
        organisations={organisations.choices}
        onApply={setFilters}
      />
      <div className="results" aria-busy={list.isFetching}>
        {list.isPending ? <Loading /> : null}
        {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
        {list.data ? (
          <>
            <p className="results__count" role="status">
              {t('common.count', { count: list.data.total })}
            </p>
            {list.data.staff.length ? (
              <StaffTable staff={list.data.staff} caption={t('staff.listTitle')} />
            ) : (
              <p>{t('staff.noResults')}</p>
            )}
            <Pagination
              total={list.data.total}
              offset={filters.offset ?? 0}
              pageSize={STAFF_PAGE_SIZE}
              onChange={(offset) => setFilters({ ...filters, offset })}
            />
          </>
        ) : null}
      </div>
    </>
  );
}

/** 職員の詳細: facts, memberships, sign-in management. */
export function StaffDetailRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSignedInSession();
  const staff = useQuery(staffMemberQueryOptions(id));
  const organisations = useOrganisationChoices();

  if (staff.isPending) return <Loading />;
  if (staff.isError) {
    if (isNotFound(staff.error)) return <NotFoundRoute />;
    return <LoadError error={staff.error} onRetry={() => void staff.refetch()} />;
  }
  const s = staff.data;
  const isMe = s.id === session.user.id;
  const canManageCredentials = s.abilities.resetCredentials || s.abilities.disable;
  return (
    <>
      <PageHeader
        title={s.displayName + (isMe ? t('common.you') : '')}
        eyebrow={t('staff.title')}
        actions={
          s.abilities.update ? (
            <ButtonLink to={`/staff/${s.id}/edit`} variant="primary">
              {t('common.edit')}
            </ButtonLink>
          ) : null
        }
      />
      <FlashMessage />
      <div className="stack stack--large">
        <section className="panel stack" aria-labelledby="staff-profile">
          <h2 id="staff-profile" className="panel__title">
            {t('account.profile')}
          </h2>
          <StaffDetails staff={s} />
        </section>
        <section className="panel stack" aria-labelledby="staff-memberships">
          <h2 id="staff-memberships" className="panel__title">
            {t('staff.memberships')}
          </h2>
          <MembershipsPanel
            staff={s}
            organisations={organisations.choices}
            direct={session.abilities.addMembersDirectly}
          />
        </section>
        {canManageCredentials ? (
          <section className="panel stack" aria-labelledby="staff-credentials">
            <h2 id="staff-credentials" className="panel__title">
              {t('staff.credentials')}
            </h2>
            <CredentialsPanel staff={s} />
          </section>
        ) : null}
      </div>
    </>
  );
}

/** 職員アカウントの登録; a generated temporary password is shown here once. */
export function StaffCreateRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const organisations = useOrganisationChoices();
  const [created, setCreated] = useState<CreatedStaff | null>(null);

  if (created) {
    return (
      <>
        <PageHeader title={t('staff.created')} />
        <div className="panel stack form-medium">
          {created.temporaryPassword ? (
            <TemporaryPassword
              password={created.temporaryPassword}
              name={created.staff.displayName}
              email={created.staff.email}
            />
          ) : (
            <Notice tone="success">{t('staff.created')}</Notice>
          )}
          <div className="button-row">
            <Button variant="primary" onClick={() => void navigate(`/staff/${created.staff.id}`)}>
              {created.temporaryPassword ? t('staff.temporaryPasswordDone') : t('common.continue')}
            </Button>
          </div>
        </div>
      </>
    );
  }
  if (!session.abilities.manageStaff) {
    return (
      <>
        <PageHeader title={t('staff.createTitle')} />
        <Notice tone="error">{t('errors.forbidden')}</Notice>
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('staff.createTitle')} />
      {organisations.isPending ? (
        <Loading />
      ) : organisations.error ? (
        <LoadError error={organisations.error} />
      ) : (
        <StaffCreateForm
          organisations={organisations.choices}
          defaultOrganisationId={params.get('organisationId') ?? session.activeOrganisationId}
          cancelTo="/staff"
          onCreated={setCreated}
        />
      )}
    </>
  );
}

/** 職員の情報を変更 */
export function StaffEditRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const staff = useQuery(staffMemberQueryOptions(id));
  if (staff.isPending) return <Loading />;
  if (staff.isError) {
    if (isNotFound(staff.error)) return <NotFoundRoute />;
    return <LoadError error={staff.error} onRetry={() => void staff.refetch()} />;
  }
  const s = staff.data;
  return (
    <>
      <PageHeader title={t('staff.editTitle')} eyebrow={s.displayName} />
      {s.abilities.update ? (
        <StaffEditForm
          staff={s}
          cancelTo={`/staff/${s.id}`}
          onSaved={() =>
            void navigate(`/staff/${s.id}`, { state: { flash: t('staff.updated') } satisfies FlashState })
          }
        />
      ) : (
        <Notice tone="error">{t('errors.forbidden')}</Notice>
      )}
    </>
  );
}
