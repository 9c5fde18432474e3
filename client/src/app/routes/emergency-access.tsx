import { useTranslation } from 'react-i18next';
import { Notice } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import {
  EmergencyAccessForm,
  EmergencyAccessWarning,
} from '../../features/emergency-access/components/emergency-access-form.tsx';
import { actsForOrganisation } from '../navigation.ts';
import { useSignedInSession } from '../session-gate.tsx';

/** 緊急時の閲覧: serious by design; the warning comes before the form. */
export function EmergencyAccessRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  return (
    <>
      <PageHeader title={t('emergency.title')} lead={<p>{t('emergency.lead')}</p>} />
      <div className="stack stack--large">
        <EmergencyAccessWarning />
        {actsForOrganisation(session) ? (
          <EmergencyAccessForm />
        ) : (
          <Notice tone="error">{t('home.needsOrganisation')}</Notice>
        )}
      </div>
    </>
  );
}
