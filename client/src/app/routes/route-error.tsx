import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { Notice } from '../../components/ui/notice.tsx';

/** A screen that crashed, or whose code could not be loaded (e.g. after an update on the server). */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const isChunkError = error instanceof TypeError && /import|module|fetch/i.test(error.message);
  return (
    <main id="main" className="boot" tabIndex={-1}>
      <h1>{t('errors.unexpected')}</h1>
      <Notice tone="error">
        <p>{isChunkError ? t('errors.network') : t('errors.unexpected')}</p>
      </Notice>
      <p>
        <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
          {t('common.retry')}
        </button>
      </p>
    </main>
  );
}
