import type { PersonIdentity } from '@tsunagu/contract';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ageOn, formatDate } from '../../../lib/format.ts';
import { PhoneLink } from '../../../components/ui/phone-link.tsx';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** 基本情報, compact: who, how old, how to reach them, where they live and who is responsible. */
export function IdentityDetails({ identity }: { identity: PersonIdentity }) {
  const { t } = useTranslation();
  const age = ageOn(identity.birthDate);
  const notSet = <span className="muted">{t('common.notSet')}</span>;
  return (
    <dl className="description-list description-list--compact">
      <Row label={t('persons.birthDate')}>
        {formatDate(identity.birthDate)}
        {age !== null ? t('common.paren', { text: t('persons.age', { age }) }) : null}
      </Row>
      <Row label={t('persons.phone')}>{identity.phone ? <PhoneLink number={identity.phone} /> : notSet}</Row>
      {identity.email ? (
        <Row label={t('persons.email')}>
          <span className="break">{identity.email}</span>
        </Row>
      ) : null}
      {identity.address ? <Row label={t('persons.address')}>{identity.address}</Row> : null}
      <Row label={t('persons.dailyLifeArea')}>{identity.dailyLifeAreaName ?? notSet}</Row>
      <Row label={t('persons.municipality')}>{identity.responsibleMunicipalityName ?? notSet}</Row>
      <Row label={t('persons.usesWelfareServices')}>
        {identity.usesWelfareServices ? t('persons.usesYes') : t('persons.usesNo')}
      </Row>
    </dl>
  );
}
