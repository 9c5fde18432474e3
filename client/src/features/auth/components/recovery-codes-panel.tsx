import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CopyButton, downloadText } from '../../../components/ui/copy-button.tsx';
import { CheckboxField } from '../../../components/ui/field.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { formatDateTime } from '../../../lib/format.ts';

/**
 * Recovery codes, shown once: copy, print or save them, then confirm they are stored before
 * leaving. The page cannot show them again.
 */
export function RecoveryCodesPanel({
  codes,
  email,
  onDone,
  doneLabel,
}: {
  codes: readonly string[];
  email: string;
  onDone: () => void;
  doneLabel: string;
}) {
  const { t } = useTranslation();
  const [stored, setStored] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const text = [t('auth.recoveryFileHeader', { email, date: formatDateTime(new Date()) }), '', ...codes].join(
    '\n',
  );

  return (
    <section className="stack recovery-panel" aria-labelledby="recovery-title">
      <h2 id="recovery-title">{t('auth.recoveryTitle')}</h2>
      <p>{t('auth.recoveryLead')}</p>
      <Notice tone="warning" live={false}>
        <p>{t('auth.recoveryWarning')}</p>
      </Notice>
      <div className="print-area">
        <p className="print-only">
          {t('auth.recoveryFileHeader', { email, date: formatDateTime(new Date()) })}
        </p>
        <h3 id="recovery-list-label" className="visually-hidden">
          {t('auth.recoveryListLabel')}
        </h3>
        <ol className="recovery-codes mono" aria-labelledby="recovery-list-label">
          {codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ol>
      </div>
      <div className="button-row no-print">
        <CopyButton text={codes.join('\n')} />
        <Button small onClick={() => window.print()}>
          {t('common.print')}
        </Button>
        <Button small onClick={() => downloadText(t('auth.recoveryFileName'), text)}>
          {t('common.download')}
        </Button>
      </div>
      <div className="no-print stack">
        <CheckboxField
          id="recovery-stored"
          label={t('auth.recoveryStored')}
          checked={stored}
          error={error}
          onChange={(e) => {
            setStored(e.target.checked);
            if (e.target.checked) setError(undefined);
          }}
        />
        <Button
          variant="primary"
          onClick={() => {
            if (!stored) {
              setError(t('auth.recoveryStoredRequired'));
              document.getElementById('recovery-stored')?.focus();
              return;
            }
            onDone();
          }}
        >
          {doneLabel}
        </Button>
      </div>
    </section>
  );
}
