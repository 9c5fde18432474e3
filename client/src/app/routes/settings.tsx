import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LinkCards } from '../../components/ui/link-cards.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { settingItemsFor } from '../navigation.ts';
import { useSignedInSession } from '../session-gate.tsx';

/** 設定: the administration screens this user may open, each with a line on what it is for. */
export function SettingsRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  return (
    <div className="stack stack--large">
      <PageHeader title={t('settings.title')} lead={<p>{t('settings.lead')}</p>} />
      <LinkCards
        items={settingItemsFor(session).map((item) => ({
          to: item.to,
          title: t(item.labelKey),
          text: t(item.descriptionKey),
        }))}
      />
      <section aria-labelledby="settings-yours" className="stack">
        <h2 id="settings-yours">{t('settings.yours')}</h2>
        <LinkCards items={[{ to: '/account', title: t('nav.account'), text: t('home.links.account') }]} />
      </section>
    </div>
  );
}

/** The first line of a screen under 設定: the way back to it. */
export function SettingsEyebrow() {
  const { t } = useTranslation();
  return (
    <Link to="/settings">
      <span aria-hidden="true">← </span>
      {t('settings.title')}
    </Link>
  );
}
