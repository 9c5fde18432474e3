import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { LoadError, Notice } from '../../../components/ui/notice.tsx';
import { useVerifyAudit } from '../api/audit-log.ts';

/** Checks the sealed chain of the audit log (system administrators). */
export function VerifyPanel() {
  const { t } = useTranslation();
  const verify = useVerifyAudit();
  const report = verify.data;
  return (
    <div className="stack">
      <div>
        <Button onClick={() => verify.mutate()} busy={verify.isPending} busyLabel={t('audit.verifying')}>
          {t('audit.verify')}
        </Button>
      </div>
      {verify.isError ? <LoadError error={verify.error} /> : null}
      {report ? (
        <Notice
          tone={report.ok ? 'success' : 'error'}
          title={
            report.ok ? t('audit.verifyOk') : t('audit.verifyProblems', { count: report.problems.length })
          }
        >
          <dl className="description-list description-list--compact">
            <div>
              <dt>{t('audit.verifySealed')}</dt>
              <dd>{report.sealedRows}</dd>
            </div>
            <div>
              <dt>{t('audit.verifyUnsealed')}</dt>
              <dd>{report.unsealedRows}</dd>
            </div>
            <div>
              <dt>{t('audit.verifyCheckpoint')}</dt>
              <dd>{report.lastCheckpointPosition ?? '—'}</dd>
            </div>
          </dl>
          {report.problems.length ? (
            <ul>
              {report.problems.map((p, i) => (
                <li key={i}>
                  <span className="mono">{p.kind}</span>: {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
    </div>
  );
}
