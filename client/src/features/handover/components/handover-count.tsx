import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../../components/ui/button.tsx';
import { NavCountLabel } from '../../../components/ui/nav-count-label.tsx';
import { useQueryOnNavigation } from '../../../lib/use-query-on-navigation.ts';
import { handoversQueryOptions } from '../api/handover.ts';

/** How many of my organisation's 申し送り nobody has confirmed yet. */
function unconfirmed(list: { handovers: { confirmedAt: string | null }[] } | undefined): number {
  return list?.handovers.filter((h) => h.confirmedAt === null).length ?? 0;
}

/**
 * 申し送り in the navigation, with how many wait for confirmation: the municipality and the team
 * lead learn in the morning that something happened overnight. Refreshed when the user moves
 * between screens (as 確認待ち).
 */
export function HandoverNavLabel({ label }: { label: string }) {
  const { t } = useTranslation();
  const handovers = useQueryOnNavigation(handoversQueryOptions);
  const count = unconfirmed(handovers.data);
  return <NavCountLabel label={label} count={count} countText={t('offHours.handover.navCount', { count })} />;
}

/** The home page's word that a handover waits, shown only then. */
export function UnconfirmedHandoversNotice() {
  const { t } = useTranslation();
  const count = unconfirmed(useQuery(handoversQueryOptions).data);
  if (!count) return null;
  return (
    <section aria-labelledby="home-handovers" className="panel stack">
      <h2 id="home-handovers" className="panel__title">
        {t('offHours.handover.title')}
      </h2>
      <p>{t('offHours.handover.homeLead', { count })}</p>
      <div className="button-row">
        <ButtonLink to="/handovers" variant="primary">
          {t('offHours.handover.homeOpen')}
        </ButtonLink>
      </div>
    </section>
  );
}
