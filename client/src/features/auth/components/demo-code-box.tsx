import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';

/**
 * Demo installations only: the current two-factor code of a demo account, in an unmistakable
 * yellow box, so a newcomer can try the system without an authenticator app.
 */
export function DemoCodeBox({
  code,
  onFill,
  onRefresh,
}: {
  code: string;
  onFill: () => void;
  onRefresh: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="demo-box" aria-labelledby="demo-box-title">
      <h2 id="demo-box-title" className="demo-box__title">
        {t('auth.demoBoxTitle')}
      </h2>
      <p>{t('auth.demoBoxBody')}</p>
      <p className="demo-box__code">
        <span className="demo-box__label">{t('auth.demoBoxCode')}: </span>
        <strong className="mono" data-testid="demo-totp-code">
          {code}
        </strong>
      </p>
      <div className="button-row">
        <Button small onClick={onFill}>
          {t('auth.demoBoxFill')}
        </Button>
        <Button small variant="quiet" onClick={onRefresh}>
          {t('auth.demoBoxRefresh')}
        </Button>
      </div>
    </section>
  );
}
