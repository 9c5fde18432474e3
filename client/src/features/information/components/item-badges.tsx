import type { FreshnessState, ItemKind } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/ui/badge.tsx';

const freshnessTone: Record<FreshnessState, BadgeTone> = { fresh: 'success', due: 'warning', stale: 'error' };

/** 新しい / 確認時期 / 古い: the word first, the colour only supports it. */
export function FreshnessBadge({ freshness }: { freshness: FreshnessState }) {
  const { t } = useTranslation();
  return (
    <Badge tone={freshnessTone[freshness]}>
      {freshness === 'stale' ? <span aria-hidden="true">⚠ </span> : null}
      {t(`enums.freshness.${freshness}`)}
    </Badge>
  );
}

/** 本人の言葉 stands out from everything a supporter wrote about the person. */
export function KindBadge({ kind }: { kind: ItemKind }) {
  const { t } = useTranslation();
  return <Badge tone={kind === 'own_words' ? 'info' : 'neutral'}>{t(`enums.itemKind.${kind}`)}</Badge>;
}
