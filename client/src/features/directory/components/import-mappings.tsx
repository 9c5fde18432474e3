import type { ColumnMapping, MappableField } from '@tsunagu/contract';
import { ColumnMapping as ColumnMappingSchema } from '@tsunagu/contract/directory';
import { mappableFields } from '@tsunagu/contract/directory-vocabulary';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { emptyToNull } from '../../../lib/text.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { mappingsQueryOptions, useSaveMapping } from '../api/imports.ts';

const FORM_ID = 'import-mapping';

/**
 * 列の対応 for generic CSV files: for each of tsunagu's fields, the heading of the column that
 * holds it, saved under a name (the same name replaces it). Choosing a saved one fills the form.
 */
export function ImportMappings() {
  const { t } = useTranslation();
  const mappings = useQuery(mappingsQueryOptions);
  const save = useSaveMapping();
  const form = useFormProblems(FORM_ID);
  const [name, setName] = useState('');
  const [columns, setColumns] = useState<Partial<Record<MappableField, string>>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const fieldLabel = (f: MappableField) => t(`directoryImports.fields.${f}`);
  const labels: Record<string, string> = {
    name: t('directoryImports.mappingName'),
    ...Object.fromEntries(mappableFields.map((f) => [`columns.${f}`, fieldLabel(f)])),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body: ColumnMapping = {
      name: name.trim(),
      columns: Object.fromEntries(
        mappableFields.flatMap((f) => {
          const header = emptyToNull(columns[f] ?? '');
          return header ? [[f, header]] : [];
        }),
      ),
    };
    const errors = await validateAgainst(ColumnMappingSchema, body, labels);
    if (!body.columns.name)
      errors['columns.name'] = t('validation.empty', {
        field: t('directoryImports.columnHeader', { field: fieldLabel('name') }),
      });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    save.mutate(body, {
      onSuccess: (m) => setSaved(m.name),
      onError: form.failRequest,
    });
  }

  return (
    <div className="stack">
      <p className="muted">{t('directoryImports.mappingsLead')}</p>
      {mappings.data?.length ? (
        <div className="stack">
          <h3 className="subheading">{t('directoryImports.savedMappings')}</h3>
          <ul className="button-row plain-list">
            {mappings.data.map((m) => (
              <li key={m.id}>
                <Button
                  small
                  onClick={() => {
                    setName(m.name);
                    setColumns(m.columns);
                    setSaved(null);
                  }}
                >
                  {m.name}{' '}
                  <span className="muted">
                    {t('common.paren', {
                      text: t('directoryImports.mappedColumns', { count: Object.keys(m.columns).length }),
                    })}
                  </span>
                </Button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {saved ? <Notice tone="success">{t('directoryImports.mappingSaved', { name: saved })}</Notice> : null}
      <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack">
        <ErrorSummary formId={FORM_ID} problems={form.problems} />
        <TextField
          {...form.field('name')}
          label={labels.name}
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <div className="import-mapping__columns">
          {mappableFields.map((f) => (
            <TextField
              key={f}
              {...form.field(`columns.${f}`)}
              label={t('directoryImports.columnHeader', { field: fieldLabel(f) })}
              required={f === 'name'}
              maxLength={100}
              value={columns[f] ?? ''}
              onChange={(e) => setColumns({ ...columns, [f]: e.target.value })}
            />
          ))}
        </div>
        <div className="button-row">
          <Button type="submit" busy={save.isPending} busyLabel={t('common.saving')}>
            {t('directoryImports.saveMapping')}
          </Button>
        </div>
      </form>
    </div>
  );
}
