import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Button } from '../../components/ui/button.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { importsQueryOptions } from '../../features/directory/api/imports.ts';
import { ImportMappings } from '../../features/directory/components/import-mappings.tsx';
import { ImportProgress, ImportStatusBadge } from '../../features/directory/components/import-progress.tsx';
import { ImportUploadForm } from '../../features/directory/components/import-upload-form.tsx';
import { formatShortDateTime } from '../../lib/format.ts';
import { useSignedInSession } from '../session-gate.tsx';
import { SettingsEyebrow } from './settings.tsx';

/**
 * 社会資源の取り込み (system admins): upload a file, follow its progress, see the rows it could not
 * take (downloadable), the imports before it, and the saved column mappings for generic CSV.
 * The import followed is in the address (?import=…), so a reload keeps following it.
 */
export function DirectoryImportsRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const [params, setParams] = useSearchParams();
  const followed = params.get('import');
  const allowed = session.abilities.importDirectory;
  const history = useQuery({ ...importsQueryOptions, enabled: allowed });
  const follow = (id: string | null) => setParams(id ? { import: id } : {});

  if (!allowed)
    return (
      <>
        <PageHeader title={t('directoryImports.title')} eyebrow={<SettingsEyebrow />} />
        <Notice tone="error">{t('errors.forbidden')}</Notice>
      </>
    );
  return (
    <>
      <PageHeader
        title={t('directoryImports.title')}
        eyebrow={<SettingsEyebrow />}
        lead={<p>{t('directoryImports.lead')}</p>}
      />
      <div className="stack stack--large">
        <section className="panel stack" aria-labelledby="import-now">
          <h2 id="import-now" className="panel__title">
            {followed ? t('directoryImports.progressTitle') : t('directoryImports.uploadTitle')}
          </h2>
          {followed ? (
            <>
              <ImportProgress key={followed} importId={followed} />
              <div>
                <Button onClick={() => follow(null)}>{t('directoryImports.again')}</Button>
              </div>
            </>
          ) : (
            <ImportUploadForm onStarted={(started) => follow(started.id)} />
          )}
        </section>

        <section className="panel stack" aria-labelledby="import-history">
          <h2 id="import-history" className="panel__title">
            {t('directoryImports.historyTitle')}
          </h2>
          {history.isPending ? <Loading /> : null}
          {history.isError ? (
            <LoadError error={history.error} onRetry={() => void history.refetch()} />
          ) : null}
          {history.data?.length === 0 ? <p>{t('directoryImports.noImports')}</p> : null}
          {history.data?.length ? (
            <div className="table-wrap">
              <table className="table table--cards">
                <caption className="visually-hidden">{t('directoryImports.historyTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('directoryImports.filename')}</th>
                    <th scope="col">{t('directoryImports.status')}</th>
                    <th scope="col">{t('directoryImports.result')}</th>
                    <th scope="col">{t('directoryImports.startedAt')}</th>
                    <th scope="col">{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {history.data.map((i) => (
                    <tr key={i.id}>
                      <th scope="row" data-label={t('directoryImports.filename')}>
                        {i.filename}
                      </th>
                      <td data-label={t('directoryImports.status')}>
                        <ImportStatusBadge status={i.status} />
                      </td>
                      <td data-label={t('directoryImports.result')}>
                        {t('directoryImports.counts.inserted')} {i.inserted} ・{' '}
                        {t('directoryImports.counts.updated')} {i.updated} ・{' '}
                        {t('directoryImports.counts.rejected')} {i.rejected}
                      </td>
                      <td data-label={t('directoryImports.startedAt')}>{formatShortDateTime(i.createdAt)}</td>
                      <td data-label={t('common.actions')}>
                        <Button
                          small
                          onClick={() => follow(i.id)}
                          aria-label={`${t('directoryImports.show')}: ${i.filename}`}
                        >
                          {t('directoryImports.show')}
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>

        <section className="panel stack" aria-labelledby="import-mappings">
          <h2 id="import-mappings" className="panel__title">
            {t('directoryImports.mappingsTitle')}
          </h2>
          <ImportMappings />
        </section>
      </div>
    </>
  );
}
