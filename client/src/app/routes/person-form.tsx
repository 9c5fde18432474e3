import type { PersonOverview } from '@tsunagu/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { PageHeader, type FlashState } from '../../components/ui/page.tsx';
import { personOverviewQueryOptions } from '../../features/persons/api/persons.ts';
import { PersonForm } from '../../features/persons/components/person-form.tsx';
import { isNotFound } from '../../lib/api-client.ts';
import { usePersonRegionChoices } from '../region-choices.ts';
import { actsForOrganisation } from '../navigation.ts';
import { useSignedInSession } from '../session-gate.tsx';
import { NotFoundRoute } from './not-found.tsx';

/** 本人の登録: the caller's organisation becomes the lead of the new person's team. */
export function PersonCreateRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSignedInSession();
  const regions = usePersonRegionChoices();
  return (
    <>
      <PageHeader title={t('persons.registerTitle')} lead={<p>{t('persons.registerLead')}</p>} />
      {!actsForOrganisation(session) ? (
        <Notice tone="error">{t('home.needsOrganisation')}</Notice>
      ) : regions.isPending ? (
        <Loading />
      ) : (
        <PersonForm
          areas={regions.areas}
          municipalities={regions.municipalities}
          cancelTo="/"
          onSaved={(person: PersonOverview) =>
            void navigate(`/persons/${person.id}`, {
              state: { flash: t('persons.registered') } satisfies FlashState,
            })
          }
        />
      )}
    </>
  );
}

/** 基本情報の変更 */
export function PersonEditRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const overview = useQuery(personOverviewQueryOptions(id));
  const regions = usePersonRegionChoices();
  if (overview.isPending || regions.isPending) return <Loading />;
  if (overview.isError) {
    if (isNotFound(overview.error)) return <NotFoundRoute />;
    return <LoadError error={overview.error} onRetry={() => void overview.refetch()} />;
  }
  const person = overview.data;
  return (
    <>
      <PageHeader title={t('persons.editTitle')} eyebrow={person.identity.name} />
      {person.abilities.updateIdentity ? (
        <PersonForm
          person={person}
          areas={regions.areas}
          municipalities={regions.municipalities}
          cancelTo={`/persons/${person.id}#identity`}
          onSaved={() =>
            void navigate(`/persons/${person.id}`, {
              state: { flash: t('persons.updated') } satisfies FlashState,
            })
          }
        />
      ) : (
        <Notice tone="error">{t('errors.forbidden')}</Notice>
      )}
    </>
  );
}
