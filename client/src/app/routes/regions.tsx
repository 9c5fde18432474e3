import type { Region } from '@tsunagu/contract';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/button.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import {
  buildRegionTree,
  regionsQueryOptions,
  useDeleteRegion,
  type RegionNode,
} from '../../features/regions/api/regions.ts';
import {
  RegionFormDialog,
  type RegionFormTarget,
} from '../../features/regions/components/region-form-dialog.tsx';
import { RegionTree } from '../../features/regions/components/region-tree.tsx';
import { CoverageOrganisationsDialog } from '../../features/on-call/components/coverage-organisations-dialog.tsx';
import { messageOf } from '../../lib/validation.ts';
import { useSignedInSession } from '../session-gate.tsx';
import { SettingsEyebrow } from './settings.tsx';

/** A region with the areas above and below it: the organisations serving any of them concern it. */
function lineOf(regions: readonly Region[], regionId: string): Set<string> {
  const parentOf = new Map(regions.map((r) => [r.id, r.parentId]));
  const line = new Set<string>();
  for (let id: string | null | undefined = regionId; id; id = parentOf.get(id)) line.add(id);
  for (const r of regions) if (isBelow(parentOf, r.id, regionId)) line.add(r.id);
  return line;
}

/** Whether `id` lies under `ancestorId` in the tree. */
function isBelow(parentOf: ReadonlyMap<string, string | null>, id: string, ancestorId: string): boolean {
  for (let p = parentOf.get(id); p; p = parentOf.get(p)) if (p === ancestorId) return true;
  return false;
}

/**
 * 圏域: everyone reads the tree; system admins add, edit and delete areas, and choose for each
 * municipality and 日常生活圏域 the organisations whose hours define when someone must be on call.
 */
export function RegionsRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const canManage = session.abilities.manageRegions;
  const regions = useQuery(regionsQueryOptions);
  const roots = useMemo(() => buildRegionTree(regions.data ?? []), [regions.data]);
  const [formTarget, setFormTarget] = useState<RegionFormTarget | null>(null);
  const [deleting, setDeleting] = useState<RegionNode | null>(null);
  const [definersOf, setDefinersOf] = useState<RegionNode | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const remove = useDeleteRegion();

  return (
    <>
      <PageHeader
        title={t('regions.title')}
        eyebrow={<SettingsEyebrow />}
        lead={<p>{t('regions.lead')}</p>}
        actions={
          canManage ? (
            <Button variant="primary" onClick={() => setFormTarget({ kind: 'create', parent: null })}>
              {t('regions.addRoot')}
            </Button>
          ) : null
        }
      />
      {message ? <Notice tone="success">{message}</Notice> : null}
      {regions.isPending ? <Loading /> : null}
      {regions.isError ? <LoadError error={regions.error} onRetry={() => void regions.refetch()} /> : null}
      {regions.data ? (
        regions.data.length ? (
          <>
            <p className="muted">{t('regions.count', { count: regions.data.length })}</p>
            <RegionTree
              roots={roots}
              canManage={canManage}
              onAddChild={(parent) => setFormTarget({ kind: 'create', parent })}
              onEdit={(region) => setFormTarget({ kind: 'edit', region })}
              onDelete={(region) => {
                remove.reset();
                setDeleting(region);
              }}
              onCoverage={setDefinersOf}
            />
          </>
        ) : (
          <p>{t('regions.empty')}</p>
        )
      ) : null}
      {formTarget ? (
        <RegionFormDialog
          target={formTarget}
          onClose={() => setFormTarget(null)}
          onSaved={(text) => {
            setFormTarget(null);
            setMessage(text);
          }}
        />
      ) : null}
      {definersOf ? (
        <CoverageOrganisationsDialog
          region={definersOf}
          lineIds={lineOf(regions.data ?? [], definersOf.id)}
          onClose={() => setDefinersOf(null)}
          onSaved={(text) => {
            setDefinersOf(null);
            setMessage(text);
          }}
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={t('regions.deleteTitle')}
        message={t('regions.deleteConfirm', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        danger
        busy={remove.isPending}
        error={remove.isError ? messageOf(remove.error) : null}
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(deleting.id, {
            onSuccess: () => {
              setDeleting(null);
              setMessage(t('regions.deleted'));
            },
          });
        }}
      />
    </>
  );
}
