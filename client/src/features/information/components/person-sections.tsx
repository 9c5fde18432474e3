import type { InformationCategory, Item } from '@tsunagu/contract';
import { itemTopics } from '@tsunagu/contract/enums';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NoConsentNotice } from '../../../components/ui/no-consent-notice.tsx';
import { LoadError, Loading } from '../../../components/ui/notice.tsx';
import { itemsQueryOptions } from '../api/items.ts';
import { ItemCard, VoiceCard } from './item-card.tsx';

/** Voice in the order a plan asks about it: hopes, values, dislikes, contact, coping. */
function byTopic(items: readonly Item[]): Item[] {
  const rank = (i: Item) => (i.topic ? itemTopics.indexOf(i.topic) : itemTopics.length);
  return [...items].sort((a, b) => rank(a) - rank(b));
}

/**
 * 本人の意思 or 暮らしの情報: null means no consent covers them; empty means nothing recorded yet.
 * `categories` name the consent that is missing.
 */
export function VoiceList({
  items,
  categories,
  emptyText,
}: {
  items: readonly Item[] | null;
  categories: readonly InformationCategory[];
  emptyText: string;
}) {
  const { t } = useTranslation();
  if (items === null)
    return (
      <NoConsentNotice
        categoryLabel={categories.map((c) => t(`enums.category.${c}`)).join(t('common.listSeparator'))}
      />
    );
  if (!items.length) return <p className="muted">{emptyText}</p>;
  return (
    <ul className="voice-list">
      {byTopic(items).map((item) => (
        <li key={item.id}>
          <VoiceCard item={item} />
        </li>
      ))}
    </ul>
  );
}

const CRISIS_SHOWN = 10;

/** クライシス: the crisis plan, reachable from the top of the page in one step. */
export function CrisisItems({
  personId,
  isVisible,
  timelineHref,
}: {
  personId: string;
  isVisible: boolean;
  timelineHref: string;
}) {
  const { t } = useTranslation();
  const items = useInfiniteQuery(itemsQueryOptions(personId, { category: 'crisis' }, CRISIS_SHOWN));
  const shown = items.data?.pages[0]?.items ?? [];
  return (
    <div className="stack">
      <p className="muted">{t('items.crisisLead')}</p>
      {isVisible ? null : <NoConsentNotice categoryLabel={t('enums.category.crisis')} />}
      {items.isPending ? <Loading /> : null}
      {items.isError ? <LoadError error={items.error} onRetry={() => void items.refetch()} /> : null}
      {items.data && isVisible && !shown.length ? <p className="muted">{t('items.crisisEmpty')}</p> : null}
      {shown.length ? (
        <ul className="timeline">
          {shown.map((item) => (
            <li key={item.id}>
              <ItemCard item={item} />
            </li>
          ))}
        </ul>
      ) : null}
      {items.data?.pages[0]?.nextBefore ? <Link to={timelineHref}>{t('items.crisisMore')}</Link> : null}
    </div>
  );
}
