import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../components/ui/button.tsx';
import { PageHeader } from '../../components/ui/page.tsx';

/** 404: an address the app does not know (or a record the server would not show). */
export function NotFoundRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('errors.notFoundTitle')} lead={<p>{t('errors.notFoundBody')}</p>} />
      <ButtonLink to="/" variant="primary">
        {t('errors.goHome')}
      </ButtonLink>
    </>
  );
}
