import type { FreshnessState, InformationCategory, ItemKind, ItemSource } from '@tsunagu/contract';
import { freshnessStates, informationCategories, itemKinds, itemSources } from '@tsunagu/contract/enums';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { SelectField } from '../../../components/ui/field.tsx';
import { LoadError, Loading, Notice } from '../../../components/ui/notice.tsx';
import { itemsQueryOptions, type ItemFilters } from '../api/items.ts';
import { ItemCard } from './item-card.tsx';

function pick<T extends string>(values: readonly T[], value: string | null | undefined): T | undefined {
  return value && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Filters from the address (?category=medical&freshness=stale), ignoring anything unknown. */
export function filtersFromParams(params: URLSearchParams): ItemFilters {
  return {
    category: pick<InformationCategory>(informationCategories, params.get('category')),
    source: pick<ItemSource>(itemSources, params.get('source')),
    kind: pick<ItemKind>(itemKinds, params.get('kind')),
    freshness: pick<FreshnessState>(freshnessStates, params.get('freshness')),
  };
}

function TimelineFilters({ value, onApply }: { value: ItemFilters; onApply: (next: ItemFilters) => void }) {
  const { t } = useTranslation();
  const [category, setCategory] = useState<string>(value.category ?? '');
  const [source, setSource] = useState<string>(value.source ?? '');
  const [kind, setKind] = useState<string>(value.kind ?? '');
  const [freshness, setFreshness] = useState<string>(value.freshness ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({
      category: pick(informationCategories, category),
      source: pick(itemSources, source),
      kind: pick(itemKinds, kind),
      freshness: pick(freshnessStates, freshness),
    });
  };
  const hasFilters = Object.values(value).some(Boolean);
  return (
    <form className="filters" onSubmit={submit} aria-label={t('items.filters')}>
      <SelectField
        id="timeline-category"
        label={t('items.category')}
        placeholder={t('common.all')}
        options={informationCategories.map((c) => ({ value: c, label: t(`enums.category.${c}`) }))}
        value={category}
        onChange={(e) => setCategory(e.target.value)}
      />
      <SelectField
        id="timeline-source"
        label={t('items.sourceLabel')}
        placeholder={t('common.all')}
        options={itemSources.map((s) => ({ value: s, label: t(`enums.itemSource.${s}`) }))}
        value={source}
        onChange={(e) => setSource(e.target.value)}
      />
      <SelectField
        id="timeline-kind"
        label={t('items.kindLabel')}
        placeholder={t('common.all')}
        options={itemKinds.map((k) => ({ value: k, label: t(`enums.itemKind.${k}`) }))}
        value={kind}
        onChange={(e) => setKind(e.target.value)}
      />
      <SelectField
        id="timeline-freshness"
        label={t('items.freshnessLabel')}
        placeholder={t('common.all')}
        options={freshnessStates.map((f) => ({ value: f, label: t(`enums.freshness.${f}`) }))}
        value={freshness}
        onChange={(e) => setFreshness(e.target.value)}
      />
      <div className="filters__actions button-row">
        <Button type="submit" variant="primary">
          {t('items.apply')}
        </Button>
        {hasFilters ? <Button onClick={() => onApply({})}>{t('common.clear')}</Button> : null}
      </div>
    </form>
  );
}

/**
 * タイムライン: everything the caller may see, newest first, with filters and 「さらに読み込む」.
 * Categories without consent are named, never whether anything lies behind them.
 */
export function Timeline({
  personId,
  filters,
  visibleCategories,
  onFiltersChange,
}: {
  personId: string;
  filters: ItemFilters;
  visibleCategories: readonly InformationCategory[];
  onFiltersChange: (next: ItemFilters) => void;
}) {
  const { t } = useTranslation();
  const items = useInfiniteQuery(itemsQueryOptions(personId, filters));
  const shown = items.data?.pages.flatMap((p) => p.items) ?? [];
  const hidden = informationCategories.filter((c) => !visibleCategories.includes(c));
  const chosenHidden = filters.category && hidden.includes(filters.category) ? filters.category : null;
  return (
    <div className="stack">
      <TimelineFilters key={JSON.stringify(filters)} value={filters} onApply={onFiltersChange} />
      {hidden.length ? (
        <Notice tone="info" live={false}>
          <p>
            {t('items.hiddenCategories', {
              categories: hidden.map((c) => t(`enums.category.${c}`)).join(t('common.listSeparator')),
            })}
          </p>
        </Notice>
      ) : null}
      <div className="results" aria-busy={items.isFetching}>
        {items.isPending ? <Loading /> : null}
        {items.isError ? <LoadError error={items.error} onRetry={() => void items.refetch()} /> : null}
        {items.data ? (
          <>
            <p className="results__count" role="status">
              {t('items.showing', { count: shown.length })}
            </p>
            {shown.length ? (
              <ol className="timeline">
                {shown.map((item) => (
                  <li key={item.id}>
                    <ItemCard item={item} />
                  </li>
                ))}
              </ol>
            ) : chosenHidden ? (
              <p>{t('persons.noConsent', { category: t(`enums.category.${chosenHidden}`) })}</p>
            ) : (
              <p>{t('items.noItems')}</p>
            )}
            {items.hasNextPage ? (
              <div className="load-more">
                <Button
                  onClick={() => void items.fetchNextPage()}
                  busy={items.isFetchingNextPage}
                  busyLabel={t('common.loading')}
                >
                  {t('items.loadMore')}
                </Button>
              </div>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}
