import { useQuery } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { CheckboxField, TextField } from '../../../components/ui/field.tsx';
import { LoadError } from '../../../components/ui/notice.tsx';
import { directorySearchQueryOptions } from '../api/directory.ts';

export interface ChosenOrganisation {
  id: string;
  name: string;
}

const RESULTS = 10;

/**
 * Chooses an organisation by searching the directory, so that tens of thousands of imported
 * entries stay reachable without filling a list: words (part of a name or reading, one character
 * is enough), optionally only organisations on tsunagu, then one of the first results. Enter
 * searches instead of submitting the form around it. `id` is the text box's, so an error about
 * the field lands there.
 */
export function OrganisationSearchField({
  id,
  label,
  value,
  onChange,
  error,
  exclude,
  shortcut,
}: {
  id: string;
  label: string;
  value: ChosenOrganisation | null;
  onChange: (next: ChosenOrganisation | null) => void;
  error?: string | undefined;
  /** Organisations that cannot be chosen here (already on the team). */
  exclude?: ReadonlySet<string>;
  /** One organisation offered with a button (the caller's own). */
  shortcut?: ChosenOrganisation | null;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [onTsunagu, setOnTsunagu] = useState(false);
  const [asked, setAsked] = useState<{ q: string; onTsunagu: boolean } | null>(null);
  const results = useQuery({
    ...directorySearchQueryOptions(
      { q: asked?.q || undefined, onTsunagu: asked?.onTsunagu || undefined, sort: 'relevance' },
      Math.min(100, RESULTS + (exclude?.size ?? 0)),
    ),
    enabled: asked !== null,
  });
  const search = () => setAsked({ q: text.trim(), onTsunagu });
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    search();
  };

  if (value)
    return (
      <div className="organisation-search organisation-search--chosen">
        <p id={id} tabIndex={-1}>
          <strong>{t('directory.picker.chosen', { name: value.name })}</strong>
        </p>
        <Button small onClick={() => onChange(null)}>
          {t('directory.picker.change')}
        </Button>
      </div>
    );

  const found = (results.data?.entries ?? []).filter((e) => !exclude?.has(e.id)).slice(0, RESULTS);
  const more = results.data ? Math.max(0, results.data.total - (exclude?.size ?? 0) - found.length) : 0;
  const listId = `${id}-results`;
  return (
    <div className="organisation-search stack">
      <TextField
        id={id}
        label={label}
        hint={t('directory.picker.hint')}
        error={error}
        required
        type="search"
        maxLength={100}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        aria-controls={asked ? listId : undefined}
      />
      <div className="organisation-search__controls">
        <CheckboxField
          id={`${id}-on-tsunagu`}
          label={t('directory.picker.onTsunaguOnly')}
          checked={onTsunagu}
          onChange={(e) => setOnTsunagu(e.target.checked)}
        />
        <Button small onClick={search} busy={results.isFetching} busyLabel={t('common.loading')}>
          {t('directory.picker.search')}
        </Button>
        {shortcut && !exclude?.has(shortcut.id) ? (
          <Button small variant="quiet" onClick={() => onChange(shortcut)}>
            {shortcut.name}
          </Button>
        ) : null}
      </div>
      {results.isError ? <LoadError error={results.error} onRetry={() => void results.refetch()} /> : null}
      {asked && results.data ? (
        <fieldset id={listId} className="fieldset organisation-search__results" aria-live="polite">
          <legend className="fieldset__legend">{t('directory.picker.results')}</legend>
          {found.length === 0 ? <p>{t('directory.picker.none')}</p> : null}
          <ul className="plain-list">
            {found.map((e) => (
              <li key={e.id}>
                <label htmlFor={`${id}-${e.id}`} className="radio">
                  <input
                    id={`${id}-${e.id}`}
                    type="radio"
                    name={listId}
                    className="radio__input"
                    onChange={() => onChange({ id: e.id, name: e.name })}
                  />
                  <span className="radio__text">
                    <span className="radio__label">{e.name}</span>
                    <span className="radio__description">
                      {t(`enums.organisationKind.${e.kind}`)}
                      {e.address ? ` ・ ${e.address}` : ''}{' '}
                      <Badge tone={e.isOnTsunagu ? 'success' : 'neutral'}>
                        {e.isOnTsunagu
                          ? t('directory.results.onTsunagu')
                          : t('directory.results.notOnTsunagu')}
                      </Badge>
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {more > 0 ? <p className="muted">{t('directory.picker.more', { count: more })}</p> : null}
        </fieldset>
      ) : null}
    </div>
  );
}
