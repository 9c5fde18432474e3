import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/ui/page.tsx';
import { navItemsFor } from '../navigation.ts';
import { useSignedInSession } from '../session-gate.tsx';

/** ホーム: greeting, acting organisation, and the screens this user may use. */
export function HomeRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const active = session.memberships.find((m) => m.organisationId === session.activeOrganisationId);
  const links = navItemsFor(session).filter((i) => i.descriptionKey);
  return (
    <div className="stack stack--large">
      <PageHeader title={t('home.title')} />
      <section className="panel stack" aria-labelledby="home-greeting">
        <h2 id="home-greeting" className="panel__title">
          {t('home.greeting', { name: session.user.displayName })}
        </h2>
        <p>
          {active
            ? t('home.acting', {
                organisation: active.organisationName,
                role: t(`enums.membershipRole.${active.role}`),
              })
            : t('home.actingNone')}
        </p>
        {session.user.isSystemAdmin ? <p className="muted">{t('layout.systemAdmin')}</p> : null}
      </section>
      <section aria-labelledby="home-links" className="stack">
        <h2 id="home-links">{t('home.linksTitle')}</h2>
        <ul className="link-cards">
          {links.map((item) => (
            <li key={item.to}>
              <Link to={item.to} className="link-card">
                <span className="link-card__title">{t(item.labelKey)}</span>
                {item.descriptionKey ? (
                  <span className="link-card__text">{t(item.descriptionKey)}</span>
                ) : null}
              </Link>
            </li>
          ))}
          <li>
            <Link to="/account" className="link-card">
              <span className="link-card__title">{t('nav.account')}</span>
              <span className="link-card__text">{t('home.links.account')}</span>
            </Link>
          </li>
        </ul>
        <p className="muted">{t('home.comingSoon')}</p>
      </section>
    </div>
  );
}
