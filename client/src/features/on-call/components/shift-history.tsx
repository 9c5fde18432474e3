import type { ShiftChange } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format.ts';
import { translateIfExists } from '../../../lib/i18n/index.ts';

/** A person as history records them: `{ userId, displayName }` or null. */
function nameOf(value: unknown): string | null {
  if (typeof value === 'object' && value !== null && 'displayName' in value) {
    return String(value.displayName);
  }
  return null;
}

/** 履歴: every change to a shift, newest last, people by name (as they were then). */
export function ShiftHistory({ history }: { history: readonly ShiftChange[] }) {
  const { t } = useTranslation();
  return (
    <ol className="plain-list shift-history">
      {history.map((h, i) => (
        <li key={i}>
          <span className="muted">{formatDateTime(h.at)}</span>{' '}
          <strong>{t(`onCall.history.${h.kind}`)}</strong>
          {h.actorName ? ` ${t('common.paren', { text: h.actorName })}` : null}
          {Object.keys(h.changes).length ? (
            <ul className="shift-history__changes">
              {Object.entries(h.changes).map(([field, [before, after]]) => {
                const label = translateIfExists(`onCall.history.fields.${field}`) ?? field;
                const from = nameOf(before);
                const to = nameOf(after);
                return (
                  <li key={field}>
                    {from !== null || to !== null
                      ? t('onCall.history.personChange', {
                          field: label,
                          from: from ?? t('common.none'),
                          to: to ?? t('common.none'),
                        })
                      : t('onCall.history.fieldChange', { field: label })}
                  </li>
                );
              })}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
