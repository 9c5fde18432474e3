import type { InformationCategory } from '@tsunagu/contract';
import { informationCategories } from '@tsunagu/contract/enums';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';

export interface CategoryFreshness {
  category: InformationCategory;
  fresh: number;
  due: number;
  stale: number;
}

/** 鮮度の概要: per category, how much is new, due for review and stale; stale rows stand out. */
export function FreshnessSummary({
  rows,
  linkFor,
}: {
  rows: readonly CategoryFreshness[];
  /** Where the timeline shows one category (and freshness). */
  linkFor: (category: InformationCategory, freshness?: 'stale' | 'due') => string;
}) {
  const { t } = useTranslation();
  if (!rows.length) return <p className="muted">{t('items.freshness.none')}</p>;
  const ordered = [...rows].sort(
    (a, b) => informationCategories.indexOf(a.category) - informationCategories.indexOf(b.category),
  );
  return (
    <div className="table-wrap">
      <table className="table table--cards freshness-table">
        <caption className="visually-hidden">{t('persons.sections.freshness')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('items.category')}</th>
            <th scope="col">{t('enums.freshness.fresh')}</th>
            <th scope="col">{t('enums.freshness.due')}</th>
            <th scope="col">{t('enums.freshness.stale')}</th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((r) => {
            const label = t(`enums.category.${r.category}`);
            return (
              <tr key={r.category} className={r.stale ? 'freshness-table__row--stale' : undefined}>
                <th scope="row" data-label={t('items.category')}>
                  <Link to={linkFor(r.category)}>{label}</Link>
                </th>
                <td data-label={t('enums.freshness.fresh')}>{r.fresh}</td>
                <td data-label={t('enums.freshness.due')}>
                  {r.due ? (
                    <Link
                      to={linkFor(r.category, 'due')}
                      aria-label={`${label} ${t('persons.dueCount', { count: r.due })}`}
                    >
                      <Badge tone="warning">{r.due}</Badge>
                    </Link>
                  ) : (
                    0
                  )}
                </td>
                <td data-label={t('enums.freshness.stale')}>
                  {r.stale ? (
                    <Link
                      to={linkFor(r.category, 'stale')}
                      aria-label={`${label} ${t('persons.staleCount', { count: r.stale })}`}
                    >
                      <Badge tone="error">
                        <span aria-hidden="true">⚠ </span>
                        {r.stale}
                      </Badge>
                    </Link>
                  ) : (
                    0
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
