import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../../../components/ui/notice.tsx';
import { personConsultationsQueryOptions } from '../api/consultations.ts';
import { ConsultationList } from './consultation-views.tsx';

/** 相談対応記録 on the person page: consultations about this person, within クライシス consent. */
export function PersonConsultations({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const consultations = useQuery(personConsultationsQueryOptions(personId));
  return (
    <section className="subpanel stack" aria-labelledby="person-consultations-title">
      <h3 id="person-consultations-title">{t('offHours.consultation.listTitle')}</h3>
      <p className="muted">{t('offHours.consultation.personLead')}</p>
      {consultations.isPending ? <Loading /> : null}
      {consultations.isError ? (
        <LoadError error={consultations.error} onRetry={() => void consultations.refetch()} />
      ) : null}
      {consultations.data ? (
        consultations.data.consultations.length ? (
          <ConsultationList consultations={consultations.data.consultations} />
        ) : (
          <p>{t('offHours.consultation.noneForPerson')}</p>
        )
      ) : null}
    </section>
  );
}
