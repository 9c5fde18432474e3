import { useState, type ReactNode } from 'react';
import type { ButtonVariant } from '../../../components/ui/button.tsx';
import { Disclosure } from '../../../components/ui/disclosure.tsx';
import { Notice } from '../../../components/ui/notice.tsx';

/**
 * A plan's records of one kind (モニタリング, サービス担当者会議, 交付) as a panel: what they are, the
 * form that adds one (opened in place, for those who may), then the records, or that there are none.
 */
export function RecordSection<R extends { id: string }>({
  id,
  title,
  intro,
  openLabel,
  openVariant,
  doneText,
  form,
  records,
  renderRecord,
  noneText,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  openLabel: string;
  openVariant?: ButtonVariant;
  doneText: string;
  /** The form, given how to close it (done: a record was added); null when the caller may not add one. */
  form: ((close: (done: boolean) => void) => ReactNode) | null;
  records: readonly R[];
  renderRecord: (record: R) => ReactNode;
  noneText: string;
}) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  const close = (added: boolean) => {
    setOpen(false);
    if (added) setDone(true);
  };
  return (
    <section className="panel stack no-print" aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`} className="panel__title">
        {title}
      </h2>
      {intro}
      {done ? <Notice tone="success">{doneText}</Notice> : null}
      {form ? (
        <Disclosure open={open} onToggle={setOpen} label={openLabel} variant={openVariant ?? 'secondary'}>
          {form(close)}
        </Disclosure>
      ) : null}
      {records.length ? (
        <ol className="plain-list stack">
          {records.map((r) => (
            <li key={r.id}>{renderRecord(r)}</li>
          ))}
        </ol>
      ) : (
        <p className="muted">{noneText}</p>
      )}
    </section>
  );
}
