import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../../components/ui/copy-button.tsx';
import { Notice } from '../../../components/ui/notice.tsx';

/** A temporary password, shown once, with how to hand it over (in person, never by e-mail). */
export function TemporaryPassword({
  password,
  name,
  email,
}: {
  password: string;
  name: string;
  email: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <Notice tone="warning" live={false}>
        <p>{t('staff.temporaryPasswordLead')}</p>
      </Notice>
      <dl className="description-list">
        <div>
          <dt>{t('staff.displayName')}</dt>
          <dd>{name}</dd>
        </div>
        <div>
          <dt>{t('staff.email')}</dt>
          <dd className="break">{email}</dd>
        </div>
        <div>
          <dt>{t('staff.temporaryPasswordTitle')}</dt>
          <dd className="temporary-password">
            <code className="mono temporary-password__value" data-testid="temporary-password">
              {password}
            </code>{' '}
            <CopyButton text={password} />
          </dd>
        </div>
      </dl>
    </div>
  );
}
