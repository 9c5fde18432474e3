import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { LoadError, Loading } from '../../../components/ui/notice.tsx';
import { formatDate } from '../../../lib/format.ts';
import { itemVersionsQueryOptions } from '../api/items.ts';
import { useProvenanceText } from './provenance.ts';

/** 版の履歴: every version, oldest first, with who changed it, when and why. */
export function VersionsDialog({ itemId, onClose }: { itemId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const versions = useQuery(itemVersionsQueryOptions(itemId));
  const provenance = useProvenanceText();
  return (
    <Dialog open title={t('items.versionsTitle')} onClose={onClose}>
      {versions.isPending ? <Loading /> : null}
      {versions.isError ? <LoadError error={versions.error} onRetry={() => void versions.refetch()} /> : null}
      {versions.data ? (
        <ol className="versions">
          {versions.data.map((v) => (
            <li key={v.versionId} className="versions__entry">
              <p className="versions__title">
                <strong>{t('items.versionN', { version: v.version })}</strong>{' '}
                {v.isCurrent ? <Badge tone="info">{t('items.currentVersion')}</Badge> : null}
              </p>
              <p className="item__content">{v.content}</p>
              <dl className="item__meta">
                <div>
                  <dt>{t('items.recordedLabel')}</dt>
                  <dd>{provenance(v.recordedAt, v.recordedBy)}</dd>
                </div>
                {v.correctionReason ? (
                  <div>
                    <dt>{t('items.correctionReason')}</dt>
                    <dd>{v.correctionReason}</dd>
                  </div>
                ) : null}
                <div>
                  <dt>{t('items.sourceAndKind')}</dt>
                  <dd>
                    {t(`enums.itemSource.${v.source}`)}・{t(`enums.itemKind.${v.kind}`)}
                  </dd>
                </div>
                <div>
                  <dt>{t('items.observedOnLabel')}</dt>
                  <dd>{formatDate(v.observedOn)}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ol>
      ) : null}
    </Dialog>
  );
}
