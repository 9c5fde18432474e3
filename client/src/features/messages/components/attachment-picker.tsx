import { MESSAGE_ATTACHMENTS_MAX } from '@tsunagu/contract/messages';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { describedBy, FieldError } from '../../../components/ui/field.tsx';
import { formatBytes } from '../../../lib/format.ts';

/** What the server accepts (it checks the content itself; these hints only save a wasted upload). */
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];
const ACCEPTED_EXTENSIONS = /\.(pdf|jpe?g|png|webp)$/i;

function isAccepted(file: File): boolean {
  return file.type ? ACCEPTED_TYPES.includes(file.type) : ACCEPTED_EXTENSIONS.test(file.name);
}

/**
 * 添付ファイル: up to five PDFs or images of 10 MB each. Files that would be refused are named
 * with the reason at once, before anything is sent.
 */
export function AttachmentPicker({
  id,
  files,
  error,
  onChange,
}: {
  id: string;
  files: readonly File[];
  error: string | undefined;
  onChange: (files: File[]) => void;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const [problems, setProblems] = useState<string[]>([]);

  function add(chosen: FileList | null) {
    const next = [...files];
    const found: string[] = [];
    for (const file of Array.from(chosen ?? [])) {
      if (!isAccepted(file)) found.push(t('messages.composer.attachmentWrongType', { name: file.name }));
      else if (file.size > MAX_BYTES)
        found.push(
          t('messages.composer.attachmentTooLarge', { name: file.name, size: formatBytes(file.size) }),
        );
      else if (next.length >= MESSAGE_ATTACHMENTS_MAX)
        found.push(t('messages.composer.attachmentTooMany', { name: file.name }));
      else next.push(file);
    }
    setProblems(found);
    onChange(next);
    // The same file can be chosen again after it was removed.
    if (input.current) input.current.value = '';
  }

  const hint = t('messages.composer.attachmentsHint');
  return (
    <div className={['field', error ? 'field--invalid' : ''].join(' ')}>
      <div className="field__label-row">
        <label htmlFor={id} className="field__label">
          {t('messages.composer.attachments')}
        </label>
      </div>
      <p id={`${id}-hint`} className="field__hint">
        {hint}
      </p>
      <FieldError id={id} error={error} />
      <input
        ref={input}
        id={id}
        type="file"
        multiple
        accept={[...ACCEPTED_TYPES, '.pdf', '.jpg', '.jpeg', '.png', '.webp'].join(',')}
        className="upload__input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => add(e.target.files)}
      />
      <div aria-live="polite">
        {problems.length ? (
          <ul className="field__error attachment-problems">
            {problems.map((p) => (
              <li key={p}>
                <span aria-hidden="true">⚠ </span>
                {p}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {files.length ? (
        <>
          <p id={listId} className="visually-hidden">
            {t('messages.composer.attachmentsChosen')}
          </p>
          <ul className="attachment-chosen" aria-labelledby={listId}>
            {files.map((file, index) => (
              <li key={`${file.name}-${index}`}>
                <span className="attachment-chosen__name">
                  {file.name}
                  <span className="muted">{t('common.paren', { text: formatBytes(file.size) })}</span>
                </span>
                <Button
                  small
                  variant="quiet"
                  aria-label={t('messages.composer.attachmentRemoveLabel', { name: file.name })}
                  onClick={() => {
                    setProblems([]);
                    onChange(files.filter((_, i) => i !== index));
                  }}
                >
                  {t('messages.composer.attachmentRemove')}
                </Button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
