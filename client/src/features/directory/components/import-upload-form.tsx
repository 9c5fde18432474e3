import type { DirectoryImport, ImportFormat } from '@tsunagu/contract';
import { importFormats } from '@tsunagu/contract/directory';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CheckboxField, describedBy, FieldError, SelectField } from '../../../components/ui/field.tsx';
import { ErrorSummary, fieldId, useFormProblems } from '../../../components/ui/form.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { mappingsQueryOptions, useStartImport } from '../api/imports.ts';

const FORM_ID = 'directory-import';

/**
 * Sends a file to import: the official open data or a generic CSV with a saved mapping, this
 * region's rows or every row. The upload's own progress shows while it is sent (50 MB on a slow
 * line takes a while); then the page follows the import.
 */
export function ImportUploadForm({ onStarted }: { onStarted: (started: DirectoryImport) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('official');
  const [mappingId, setMappingId] = useState('');
  const [allRegions, setAllRegions] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const mappings = useQuery(mappingsQueryOptions);
  const start = useStartImport();
  const form = useFormProblems(FORM_ID);
  const fileId = fieldId(FORM_ID, 'file');
  const fileError = form.errorOf('file');

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!file) errors.file = t('directoryImports.fileRequired');
    if (format === 'generic' && !mappingId)
      errors.mappingId = t('validation.choose', { field: t('directoryImports.mapping') });
    if (!file || Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    setSent(0);
    start.mutate(
      { file, format, importAllRegions: allRegions, mappingId: mappingId || undefined, onProgress: setSent },
      {
        onSuccess: (started) => {
          setSent(null);
          onStarted(started);
        },
        onError: (error) => {
          setSent(null);
          form.failRequest(error);
        },
      },
    );
  }

  return (
    <form id={FORM_ID} onSubmit={submit} noValidate className="stack">
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <div className={['field', fileError ? 'field--invalid' : ''].filter(Boolean).join(' ')}>
        <div className="field__label-row">
          <label htmlFor={fileId} className="field__label">
            {t('directoryImports.file')}
          </label>
        </div>
        <p id={`${fileId}-hint`} className="field__hint">
          {t('directoryImports.fileHint')}
        </p>
        <FieldError id={fileId} error={fileError} />
        <input
          id={fileId}
          type="file"
          className="upload__input"
          accept=".zip,.csv,application/zip,text/csv"
          aria-invalid={fileError ? true : undefined}
          aria-describedby={describedBy(fileId, true, fileError)}
          aria-required
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      <RadioGroup
        id={fieldId(FORM_ID, 'format')}
        legend={t('directoryImports.format')}
        error={form.errorOf('format')}
        options={importFormats.map((f) => ({ value: f, label: t(`directoryImports.formats.${f}`) }))}
        value={format}
        onChange={(v) => setFormat(v as ImportFormat)}
      />
      {format === 'generic' ? (
        mappings.data?.length ? (
          <SelectField
            {...form.field('mappingId')}
            label={t('directoryImports.mapping')}
            required
            placeholder={t('validation.choose', { field: t('directoryImports.mapping') })}
            options={mappings.data.map((m) => ({ value: m.id, label: m.name }))}
            value={mappingId}
            onChange={(e) => setMappingId(e.target.value)}
          />
        ) : (
          <p className="muted" id={fieldId(FORM_ID, 'mappingId')} tabIndex={-1}>
            {t('directoryImports.noMappings')}
          </p>
        )
      ) : null}
      <div>
        <CheckboxField
          {...form.field('importAllRegions')}
          label={t('directoryImports.allRegions')}
          checked={allRegions}
          onChange={(e) => setAllRegions(e.target.checked)}
        />
        <p className="field__hint">{t('directoryImports.allRegionsHint')}</p>
      </div>
      {sent !== null ? (
        <div className="import-progress__bar">
          <label htmlFor={`${FORM_ID}-sent`}>
            {t('directoryImports.uploading', { percent: Math.round(sent * 100) })}
          </label>
          <progress id={`${FORM_ID}-sent`} max={1} value={sent} />
        </div>
      ) : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={start.isPending} busyLabel={t('common.saving')}>
          {t('directoryImports.start')}
        </Button>
      </div>
    </form>
  );
}
