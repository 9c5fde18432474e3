import type { Item } from '@tsunagu/contract';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { formatDate } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/validation.ts';
import { useConfirmItem } from '../api/items.ts';
import { CorrectItemDialog } from './correct-item-dialog.tsx';
import { FreshnessBadge, KindBadge } from './item-badges.tsx';
import { useProvenanceText } from './provenance.ts';
import { VersionsDialog } from './versions-dialog.tsx';

/** The heading of an item: its topic when it has one, else its category. */
function useItemTitle() {
  const { t } = useTranslation();
  return (item: Item, withCategory: boolean) => {
    const topic = item.topic ? t(`enums.topic.${item.topic}`) : null;
    const category = t(`enums.category.${item.category}`);
    if (!topic) return category;
    return withCategory ? `${category} — ${topic}` : topic;
  };
}

/** 今も正しい（最新確認）, 訂正する, 履歴: the buttons the item's abilities allow, each described by the item. */
function ItemActions({ item, describedBy }: { item: Item; describedBy: string }) {
  const { t } = useTranslation();
  const confirm = useConfirmItem();
  const [dialog, setDialog] = useState<'correct' | 'history' | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  return (
    <>
      <div className="button-row item__actions">
        {item.abilities.confirm ? (
          <Button
            small
            aria-describedby={describedBy}
            busy={confirm.isPending}
            busyLabel={t('common.saving')}
            onClick={() =>
              confirm.mutate(item.id, {
                onSuccess: () => setStatus(t('items.confirmed')),
                onError: (e) => setStatus(messageOf(e)),
              })
            }
          >
            {t('items.confirm')}
          </Button>
        ) : null}
        {item.abilities.correct ? (
          <Button small aria-describedby={describedBy} onClick={() => setDialog('correct')}>
            {t('items.correct')}
          </Button>
        ) : null}
        <Button small variant="quiet" aria-describedby={describedBy} onClick={() => setDialog('history')}>
          {t('items.history')}
        </Button>
      </div>
      <p role="status" className="item__status">
        {status}
      </p>
      {dialog === 'correct' ? (
        <CorrectItemDialog
          item={item}
          onClose={() => setDialog(null)}
          onCorrected={() => {
            setDialog(null);
            setStatus(t('items.corrected'));
          }}
        />
      ) : null}
      {dialog === 'history' ? <VersionsDialog itemId={item.id} onClose={() => setDialog(null)} /> : null}
    </>
  );
}

/**
 * One piece of information with everything that says how far to trust it: category, source,
 * kind, the day it was true, who recorded it, the last confirmation, its freshness and version.
 */
export function ItemCard({
  item,
  headingLevel = 3,
  readOnly = false,
}: {
  item: Item;
  headingLevel?: 3 | 4;
  /** Without 今も正しい・訂正する (an urgent case shows the crisis items to read, not to maintain). */
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const contentId = useId();
  const title = useItemTitle();
  const provenance = useProvenanceText();
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <article className={`item item--${item.freshness}`} aria-labelledby={`${contentId}-title`}>
      <div className="item__head">
        <Heading id={`${contentId}-title`} className="item__title">
          {title(item, true)}
        </Heading>
        <span className="badge-row">
          <FreshnessBadge freshness={item.freshness} />
          {item.version > 1 ? (
            <Badge tone="neutral">{t('items.versionMark', { version: item.version })}</Badge>
          ) : null}
        </span>
      </div>
      <p id={contentId} className="item__content">
        {item.content}
      </p>
      <dl className="item__meta">
        <div>
          <dt>{t('items.sourceLabel')}</dt>
          <dd>{t(`enums.itemSource.${item.source}`)}</dd>
        </div>
        <div>
          <dt>{t('items.kindLabel')}</dt>
          <dd>
            <KindBadge kind={item.kind} />
          </dd>
        </div>
        <div>
          <dt>{t('items.observedOnLabel')}</dt>
          <dd>
            {formatDate(item.observedOn)}
            <span className="item__review">{t('items.reviewEvery', { days: item.reviewDays })}</span>
          </dd>
        </div>
        <div className="item__meta-wide">
          <dt>{t('items.recordedLabel')}</dt>
          <dd>{provenance(item.recordedAt, item.recordedBy)}</dd>
        </div>
        {item.confirmedAt ? (
          <div className="item__meta-wide">
            <dt>{t('items.confirmedLabel')}</dt>
            <dd>{provenance(item.confirmedAt, item.confirmedBy)}</dd>
          </div>
        ) : null}
        {item.correctionReason ? (
          <div className="item__meta-wide">
            <dt>{t('items.correctionReason')}</dt>
            <dd>{item.correctionReason}</dd>
          </div>
        ) : null}
      </dl>
      {item.freshness === 'stale' ? <p className="item__stale-hint">{t('items.staleHint')}</p> : null}
      {readOnly ? null : <ItemActions item={item} describedBy={contentId} />}
    </article>
  );
}

/**
 * An entry of 本人の意思 or 暮らしの情報: the words large, whose words they are, and when they
 * were last known to be true with the person (the last confirmation, else the day they were said).
 */
export function VoiceCard({ item }: { item: Item }) {
  const { t } = useTranslation();
  const contentId = useId();
  const title = useItemTitle();
  const provenance = useProvenanceText();
  return (
    <article className={`voice-card item--${item.freshness}`} aria-labelledby={`${contentId}-title`}>
      <div className="item__head">
        <h3 id={`${contentId}-title`} className="voice-card__topic">
          {title(item, false)}
        </h3>
        <span className="badge-row">
          <KindBadge kind={item.kind} />
          <FreshnessBadge freshness={item.freshness} />
        </span>
      </div>
      <p id={contentId} className="voice-card__words">
        {item.content}
      </p>
      <p className="voice-card__when">
        {t('items.knownTrueOn', {
          date: formatDate(item.confirmedAt ?? item.observedOn),
        })}
      </p>
      <p className="voice-card__by">
        {t('items.recordedLabel')}: {provenance(item.recordedAt, item.recordedBy)}
        {item.version > 1 ? ` ・ ${t('items.versionMark', { version: item.version })}` : null}
      </p>
      <ItemActions item={item} describedBy={contentId} />
    </article>
  );
}
