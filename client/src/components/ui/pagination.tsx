import { useTranslation } from 'react-i18next';
import { Button } from './button.tsx';

/** "120 件中 31〜60 件目" with previous / next. */
export function Pagination({
  total,
  offset,
  pageSize,
  onChange,
}: {
  total: number;
  offset: number;
  pageSize: number;
  onChange: (offset: number) => void;
}) {
  const { t } = useTranslation();
  if (total === 0) return null;
  const from = offset + 1;
  const to = Math.min(offset + pageSize, total);
  return (
    <nav className="pagination" aria-label={t('common.showing', { total, from, to })}>
      <p className="pagination__status">{t('common.showing', { total, from, to })}</p>
      {total > pageSize ? (
        <div className="button-row">
          {offset > 0 ? (
            <Button small onClick={() => onChange(Math.max(0, offset - pageSize))}>
              ← {t('common.previousPage')}
            </Button>
          ) : null}
          {to < total ? (
            <Button small onClick={() => onChange(offset + pageSize)}>
              {t('common.nextPage')} →
            </Button>
          ) : null}
        </div>
      ) : null}
    </nav>
  );
}
