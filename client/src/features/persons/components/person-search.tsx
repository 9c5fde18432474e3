import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { TextField } from '../../../components/ui/field.tsx';

/** Search by name or reading, partial, any kana form (the server normalises). */
export function PersonSearch({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState(value);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(q.trim());
  };
  return (
    <form role="search" className="person-search" onSubmit={submit} aria-label={t('home.searchRegion')}>
      <TextField
        id="person-search"
        type="search"
        label={t('home.searchLabel')}
        hint={t('home.searchHint')}
        maxLength={100}
        autoComplete="off"
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <div className="button-row">
        <Button type="submit" variant="primary">
          {t('home.searchSubmit')}
        </Button>
        {value ? (
          <Button
            onClick={() => {
              setQ('');
              onSearch('');
            }}
          >
            {t('home.showMine')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
