import type { DirectoryImport, ImportStatus } from '@tsunagu/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/ui/badge.tsx';
import { LoadError, Loading, Notice } from '../../../components/ui/notice.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { importQueryOptions, rejectionsCsvUrl, rejectionsQueryOptions } from '../api/imports.ts';

const statusTones: Record<ImportStatus, BadgeTone> = {
  running: 'info',
  done: 'success',
  failed: 'error',
  interrupted: 'warning',
};

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return <Badge tone={statusTones[status]}>{t(`directoryImports.statuses.${status}`)}</Badge>;
}

const counts = ['rowsRead', 'inserted', 'updated', 'skipped', 'rejected'] as const;

function Rejections({ importId, total }: { importId: string; total: number }) {
  const { t } = useTranslation();
  const rejections = useQuery(rejectionsQueryOptions(importId));
  if (total === 0) return <p>{t('directoryImports.noRejections')}</p>;
  if (rejections.isPending) return <Loading />;
  if (rejections.isError)
    return <LoadError error={rejections.error} onRetry={() => void rejections.refetch()} />;
  const shown = rejections.data.rejections;
  return (
    <>
      <p className="muted">{t('directoryImports.rejectionsLead')}</p>
      <p>
        <a href={rejectionsCsvUrl(importId)} download>
          {t('directoryImports.download')}
        </a>
      </p>
      <div className="table-wrap">
        <table className="table table--cards">
          <caption className="visually-hidden">{t('directoryImports.rejectionsTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('directoryImports.line')}</th>
              <th scope="col">{t('directoryImports.field')}</th>
              <th scope="col">{t('directoryImports.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={`${r.line}-${r.code}`}>
                <th scope="row" data-label={t('directoryImports.line')}>
                  {t('directoryImports.lineValue', { line: r.line })}
                </th>
                <td data-label={t('directoryImports.field')}>{r.field ?? '—'}</td>
                <td data-label={t('directoryImports.reason')}>
                  {r.message} <span className="muted mono">{r.code}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rejections.data.total > shown.length ? (
        <p className="muted">
          {t('directoryImports.moreRejections', { count: rejections.data.total - shown.length })}
        </p>
      ) : null}
    </>
  );
}

/**
 * One import, followed while it runs: a progress bar over the bytes read, the counts (new,
 * updated, outside the areas, rejected), why it stopped if it did, and the rejected rows by line
 * with a CSV to download. When it ends, the directory's lists are refreshed.
 */
export function ImportProgress({ importId }: { importId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const current = useQuery(importQueryOptions(importId));
  const status = current.data?.status;
  const previous = useRef(status);
  useEffect(() => {
    // Finished (even before its first answer, as a small file is): the lists catch up.
    if (status && status !== 'running' && previous.current !== status)
      void queryClient.invalidateQueries({
        predicate: (q) =>
          (q.queryKey[0] === 'directory' && q.queryKey[2] !== importId) || q.queryKey[0] === 'organisations',
      });
    previous.current = status;
  }, [status, queryClient, importId]);

  if (current.isPending) return <Loading />;
  if (current.isError) return <LoadError error={current.error} onRetry={() => void current.refetch()} />;
  const i: DirectoryImport = current.data;
  const share = i.bytesTotal > 0 ? Math.min(1, i.bytesRead / i.bytesTotal) : 0;
  const percent = i.status === 'done' ? 100 : Math.round(share * 100);
  const barId = `import-${i.id}-bar`;
  return (
    <div className="stack">
      <p className="badge-row">
        <ImportStatusBadge status={i.status} />
        <span className="muted">
          {t('directoryImports.encoding')}: {i.encoding ?? '—'} ・{' '}
          {i.importsAllRegions ? t('directoryImports.allRegionsOn') : t('directoryImports.allRegionsOff')}
        </span>
      </p>
      <div className="import-progress__bar">
        <label htmlFor={barId}>{t('directoryImports.progressLabel', { filename: i.filename })}</label>
        <progress id={barId} max={100} value={percent} />
        <p role="status" aria-live="polite">
          {t('directoryImports.progressValue', { percent, rows: i.rowsRead })}
        </p>
      </div>
      {i.errorMessage ? (
        <Notice tone={i.status === 'interrupted' ? 'warning' : 'error'} live={false}>
          <p>{i.errorMessage}</p>
        </Notice>
      ) : null}
      <dl className="import-counts">
        {counts.map((c) => (
          <div key={c}>
            <dt>{t(`directoryImports.counts.${c}`)}</dt>
            <dd>{i[c].toLocaleString()}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">
        {t('directoryImports.startedAt')} {formatDateTime(i.createdAt)}
        {i.finishedAt ? ` ・ ${t('directoryImports.finishedAt')} ${formatDateTime(i.finishedAt)}` : ''}
      </p>
      {i.status === 'running' ? null : (
        <section className="stack" aria-labelledby={`${barId}-rejections`}>
          <h3 id={`${barId}-rejections`} className="subheading">
            {t('directoryImports.rejectionsTitle')}
          </h3>
          <Rejections importId={i.id} total={i.rejected} />
        </section>
      )}
    </div>
  );
}
