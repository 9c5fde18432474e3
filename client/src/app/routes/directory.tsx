import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { FlashMessage, PageHeader, type FlashState } from '../../components/ui/page.tsx';
import { Pagination } from '../../components/ui/pagination.tsx';
import {
  DIRECTORY_PAGE_SIZE,
  directoryEntryQueryOptions,
  directorySearchQueryOptions,
  useConfirmDirectoryEntry,
  type DirectoryFilters,
} from '../../features/directory/api/directory.ts';
import { filtersFromParams, paramsOfFilters } from '../../features/directory/api/directory-url.ts';
import { DirectoryEntryDetails } from '../../features/directory/components/directory-entry-details.tsx';
import { DirectoryEntryForm } from '../../features/directory/components/directory-entry-form.tsx';
import { DirectoryResults } from '../../features/directory/components/directory-results.tsx';
import { DirectorySearchForm } from '../../features/directory/components/directory-search-form.tsx';
import { regionsQueryOptions } from '../../features/regions/api/regions.ts';
import { AddToPersonTeamDialog } from '../../features/support-team/components/add-to-person-team-dialog.tsx';
import { isNotFound } from '../../lib/api-client.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { messageOf } from '../../lib/validation.ts';
import { actsForOrganisation } from '../navigation.ts';
import { useRegionChoices } from '../region-choices.ts';
import { useSignedInSession } from '../session-gate.tsx';
import { NotFoundRoute } from './not-found.tsx';

/** 日常生活圏域 whose centre is set, labelled with their municipality: the origins of "near". */
function useNearAreas(): { id: string; label: string }[] {
  const { t } = useTranslation();
  const regions = useQuery(regionsQueryOptions);
  return useMemo(() => {
    const all = regions.data ?? [];
    const byId = new Map(all.map((r) => [r.id, r]));
    return all
      .filter((r) => r.level === 'daily_life_area' && r.centreLatitude !== null && r.centreLongitude !== null)
      .map((r) => {
        const parent = r.parentId ? byId.get(r.parentId) : undefined;
        return { id: r.id, label: parent ? r.name + t('common.paren', { text: parent.name }) : r.name };
      });
  }, [regions.data, t]);
}

/** 地域の社会資源: search with filters, results with open-now and distance, paged; the search lives in the address. */
export function DirectorySearchRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const setFilters = (next: DirectoryFilters) => setParams(paramsOfFilters(next));
  const results = useQuery(directorySearchQueryOptions(filters));
  const regions = useRegionChoices();
  const nearAreas = useNearAreas();
  const nearEntry = useQuery({
    ...directoryEntryQueryOptions(filters.nearOrganisationId ?? ''),
    enabled: Boolean(filters.nearOrganisationId),
  });
  const { abilities } = session;

  return (
    <>
      <PageHeader
        title={t('directory.title')}
        lead={<p>{t('directory.lead')}</p>}
        actions={
          abilities.addDirectoryEntries || abilities.importDirectory ? (
            <>
              {abilities.addDirectoryEntries ? (
                <ButtonLink to="/directory/new" variant="primary">
                  {t('directory.addEntry')}
                </ButtonLink>
              ) : null}
              {abilities.importDirectory ? (
                <ButtonLink to="/settings/directory-imports">{t('directory.importsLink')}</ButtonLink>
              ) : null}
            </>
          ) : null
        }
      />
      <FlashMessage />
      <DirectorySearchForm
        key={JSON.stringify({ ...filters, offset: undefined })}
        value={filters}
        regionChoices={regions.choices}
        nearAreas={nearAreas}
        nearEntryName={nearEntry.data?.name ?? null}
        onApply={setFilters}
      />
      <div className="results" aria-busy={results.isFetching}>
        {results.isPending ? <Loading /> : null}
        {results.isError ? <LoadError error={results.error} onRetry={() => void results.refetch()} /> : null}
        {results.data ? (
          <>
            <p className="results__count" role="status">
              {t('common.count', { count: results.data.total })}
              {filters.at ? (
                <span className="muted">
                  {' '}
                  {t('directory.results.asOf', { time: formatShortDateTime(results.data.at) })}
                </span>
              ) : null}
            </p>
            {results.data.entries.length ? (
              <DirectoryResults entries={results.data.entries} at={filters.at ? results.data.at : null} />
            ) : (
              <p>{t('directory.results.none')}</p>
            )}
            <Pagination
              total={results.data.total}
              offset={filters.offset ?? 0}
              pageSize={DIRECTORY_PAGE_SIZE}
              onChange={(offset) => setFilters({ ...filters, offset })}
            />
          </>
        ) : null}
      </div>
    </>
  );
}

/** A directory entry's page: how to reach it, what it offers, its hours, who confirmed it; add it to a team. */
export function DirectoryEntryRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSignedInSession();
  const entry = useQuery(directoryEntryQueryOptions(id));
  const regions = useRegionChoices();
  const confirm = useConfirmDirectoryEntry(id);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<{ id: string; name: string } | null>(null);

  if (entry.isPending) return <Loading />;
  if (entry.isError) {
    if (isNotFound(entry.error)) return <NotFoundRoute />;
    return <LoadError error={entry.error} onRetry={() => void entry.refetch()} />;
  }
  const e = entry.data;
  const hasPoint = e.latitude !== null && e.longitude !== null;
  return (
    <>
      <PageHeader
        title={e.name}
        eyebrow={
          <Link to="/directory">
            <span aria-hidden="true">← </span>
            {t('directory.title')}
          </Link>
        }
        lead={
          <>
            <p className="muted">{e.kana}</p>
            <p className="badge-row">
              <Badge tone="info">{t(`directory.categories.${e.category}`)}</Badge>
              <Badge tone={e.isOnTsunagu ? 'success' : 'neutral'}>
                {e.isOnTsunagu ? t('directory.results.onTsunagu') : t('directory.results.notOnTsunagu')}
              </Badge>
            </p>
          </>
        }
        actions={
          <>
            {actsForOrganisation(session) ? (
              <Button variant="primary" onClick={() => setAdding(true)}>
                {t('directory.entry.addToTeam')}
              </Button>
            ) : null}
            {hasPoint ? (
              <ButtonLink to={`/directory?nearOrganisationId=${e.id}&sort=distance`}>
                {t('directory.entry.searchNearby')}
              </ButtonLink>
            ) : null}
          </>
        }
      />
      <FlashMessage />
      {added ? (
        <Notice tone="success">
          <p>{t('directory.addToTeam.added', { person: added.name, name: e.name })}</p>
          <p>
            <Link to={`/persons/${added.id}#team`}>
              {t('directory.addToTeam.openPerson', { person: added.name })}
            </Link>
          </p>
        </Notice>
      ) : null}
      {confirm.isSuccess ? <Notice tone="success">{t('directory.entry.confirmDone')}</Notice> : null}
      {confirm.isError ? <Notice tone="error">{messageOf(confirm.error)}</Notice> : null}
      <DirectoryEntryDetails entry={e} regions={regions.byId} />
      <div className="button-row section-gap">
        {e.abilities.confirm ? (
          <Button onClick={() => confirm.mutate()} busy={confirm.isPending} busyLabel={t('common.saving')}>
            {t('directory.entry.confirm')}
          </Button>
        ) : null}
        {e.abilities.edit ? (
          <ButtonLink to={`/directory/${e.id}/edit`}>{t('directory.entry.edit')}</ButtonLink>
        ) : null}
        <ButtonLink to={`/organisations/${e.id}`} variant="quiet">
          {t('directory.entry.organisationPage')}
        </ButtonLink>
        <ButtonLink to={`/organisations/${e.id}/calendar`} variant="quiet">
          {t('directory.entry.calendar')}
        </ButtonLink>
      </div>
      {adding ? (
        <AddToPersonTeamDialog
          organisation={{ id: e.id, name: e.name, isOnTsunagu: e.isOnTsunagu }}
          onClose={() => setAdding(false)}
          onAdded={(person) => {
            setAdding(false);
            setAdded(person);
          }}
        />
      ) : null}
    </>
  );
}

/** 社会資源を手入力で登録 (system admins): an organisation without accounts. */
export function DirectoryEntryCreateRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSignedInSession();
  const regions = useRegionChoices();
  return (
    <>
      <PageHeader title={t('directory.form.createTitle')} />
      {!session.abilities.addDirectoryEntries ? (
        <Notice tone="error">{t('errors.forbidden')}</Notice>
      ) : regions.isPending ? (
        <Loading />
      ) : (
        <DirectoryEntryForm
          regionChoices={regions.choices}
          cancelTo="/directory"
          onSaved={(saved) =>
            void navigate(`/directory/${saved.id}`, {
              state: { flash: t('directory.entry.created') } satisfies FlashState,
            })
          }
        />
      )}
    </>
  );
}

/** 社会資源の内容を訂正 (the entry's organisation, system admins); saving confirms it too. */
export function DirectoryEntryEditRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const entry = useQuery(directoryEntryQueryOptions(id));
  const regions = useRegionChoices();
  if (entry.isPending || regions.isPending) return <Loading />;
  if (entry.isError) {
    if (isNotFound(entry.error)) return <NotFoundRoute />;
    return <LoadError error={entry.error} onRetry={() => void entry.refetch()} />;
  }
  const e = entry.data;
  return (
    <>
      <PageHeader title={t('directory.form.editTitle')} eyebrow={e.name} />
      {e.abilities.edit ? (
        <DirectoryEntryForm
          entry={e}
          regionChoices={regions.choices}
          cancelTo={`/directory/${e.id}`}
          onSaved={() =>
            void navigate(`/directory/${e.id}`, {
              state: { flash: t('directory.entry.updated') } satisfies FlashState,
            })
          }
        />
      ) : (
        <Notice tone="error">{t('errors.forbidden')}</Notice>
      )}
    </>
  );
}
