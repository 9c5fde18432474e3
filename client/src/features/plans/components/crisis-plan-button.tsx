import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/**
 * 「クライシスプラン」 at the top of the person page: one tap to the plan in force, for the
 * night-duty coordinator in a hurry (the page says so when consent does not cover it).
 */
export function CrisisPlanButton({ personId }: { personId: string }) {
  const { t } = useTranslation();
  return (
    <Link to={`/persons/${personId}/crisis-plan`} className="button crisis-button">
      <span aria-hidden="true">⚠ </span>
      {t('plans.crisisButton')}
    </Link>
  );
}
