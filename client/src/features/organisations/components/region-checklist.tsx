import { useTranslation } from 'react-i18next';
import { FieldError } from '../../../components/ui/field.tsx';
import type { RegionChoice } from './region-choices.ts';

/**
 * Areas as an indented checklist (an organisation's areas served, a shift's areas covered); `id`
 * is the field's, so an error about `regionIds` lands on it and focus can move to it.
 */
export function RegionChecklist({
  id,
  idPrefix,
  choices,
  value,
  onChange,
  error,
}: {
  id: string;
  idPrefix: string;
  choices: readonly RegionChoice[];
  value: readonly string[];
  onChange: (next: string[]) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <FieldError id={id} error={error} />
      {choices.length === 0 ? <p className="muted">{t('regions.empty')}</p> : null}
      <ul className="region-checklist" id={id} tabIndex={error ? -1 : undefined}>
        {choices.map((r) => {
          const boxId = `${idPrefix}-region-${r.id}`;
          return (
            <li key={r.id} style={{ paddingInlineStart: `${r.depth * 1.25}rem` }}>
              <label htmlFor={boxId} className="checkbox__label">
                <input
                  id={boxId}
                  type="checkbox"
                  className="checkbox__input"
                  checked={value.includes(r.id)}
                  onChange={(e) =>
                    onChange(e.target.checked ? [...value, r.id] : value.filter((x) => x !== r.id))
                  }
                />
                <span>
                  {r.name} <span className="muted">{t('common.paren', { text: r.levelLabel })}</span>
                </span>
              </label>
            </li>
          );
        })}
      </ul>
    </>
  );
}
