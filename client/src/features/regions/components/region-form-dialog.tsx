import type { RegionLevel } from '@tsunagu/contract';
import { CreateRegionBody, UpdateRegionBody } from '@tsunagu/contract/regions';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/ui/dialog.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, useFormProblems } from '../../../components/ui/form.tsx';
import { coordinateProblem, numberOrNull, textOfNumber } from '../../../lib/coordinates.ts';
import { emptyToNull } from '../../../lib/text.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { childLevelOf, useCreateRegion, useUpdateRegion, type RegionNode } from '../api/regions.ts';

/** What the dialog edits: a new area under a parent (null: a prefecture), or an existing one. */
export type RegionFormTarget =
  { kind: 'create'; parent: RegionNode | null } | { kind: 'edit'; region: RegionNode };

const FORM_ID = 'region-form';

/** Adds or edits an area in a dialog; the level follows from the parent. */
export function RegionFormDialog({
  target,
  onClose,
  onSaved,
}: {
  target: RegionFormTarget;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t } = useTranslation();
  const existing = target.kind === 'edit' ? target.region : null;
  const [name, setName] = useState(existing?.name ?? '');
  const [kana, setKana] = useState(existing?.kana ?? '');
  const [code, setCode] = useState(existing?.code ?? '');
  const [centreLatitude, setCentreLatitude] = useState(textOfNumber(existing?.centreLatitude));
  const [centreLongitude, setCentreLongitude] = useState(textOfNumber(existing?.centreLongitude));
  const form = useFormProblems(FORM_ID);
  const create = useCreateRegion();
  const update = useUpdateRegion();
  const level: RegionLevel | null =
    target.kind === 'edit'
      ? target.region.level
      : target.parent
        ? childLevelOf(target.parent.level)
        : 'prefecture';
  const labels = {
    name: t('regions.name'),
    kana: t('regions.kana'),
    code: t('regions.code'),
    parentId: t('regions.parent'),
    level: t('regions.level'),
    centreLatitude: t('regions.centreLatitude'),
    centreLongitude: t('regions.centreLongitude'),
  };

  const title =
    target.kind === 'edit'
      ? t('regions.editTitle', { name: target.region.name })
      : target.parent && level
        ? t('regions.addChildTo', { name: target.parent.name, level: t(`enums.regionLevel.${level}`) })
        : t('regions.addRoot');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields = {
      name: name.trim(),
      kana: emptyToNull(kana),
      code: emptyToNull(code),
      centreLatitude: numberOrNull(centreLatitude),
      centreLongitude: numberOrNull(centreLongitude),
    };
    const problem = coordinateProblem(fields.centreLatitude, fields.centreLongitude);
    const centreErrors: Record<string, string> =
      problem === null
        ? {}
        : problem === 'outside_japan'
          ? { centreLatitude: t('regions.centreOutsideJapan') }
          : {
              [problem === 'latitude_missing' ? 'centreLatitude' : 'centreLongitude']:
                t('regions.centreIncomplete'),
            };
    if (target.kind === 'edit') {
      const errors = { ...(await validateAgainst(UpdateRegionBody, fields, labels)), ...centreErrors };
      if (Object.keys(errors).length) return form.failFields(errors);
      update.mutate(
        { id: target.region.id, body: fields },
        { onSuccess: () => onSaved(t('regions.updated')), onError: form.failRequest },
      );
      return;
    }
    if (!level) return;
    const body = { ...fields, level, parentId: target.parent?.id ?? null };
    const errors = { ...(await validateAgainst(CreateRegionBody, body, labels)), ...centreErrors };
    if (Object.keys(errors).length) return form.failFields(errors);
    create.mutate(body, { onSuccess: () => onSaved(t('regions.created')), onError: form.failRequest });
  }

  const busy = create.isPending || update.isPending;
  return (
    <FormDialog
      formId={FORM_ID}
      title={title}
      submitLabel={t('common.save')}
      busy={busy}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      {level ? (
        <p>
          {t('regions.level')}: <strong>{t(`enums.regionLevel.${level}`)}</strong>
        </p>
      ) : null}
      <TextField
        {...form.field('name')}
        label={t('regions.name')}
        required
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={100}
      />
      <TextField
        {...form.field('kana')}
        label={t('regions.kana')}
        value={kana}
        onChange={(e) => setKana(e.target.value)}
        maxLength={200}
      />
      <TextField
        {...form.field('code')}
        label={t('regions.code')}
        hint={t('regions.codeHint')}
        inputMode="numeric"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        maxLength={10}
        className="field--short"
      />
      <Fieldset legend={t('regions.centre')}>
        <p className="field__hint">{t('regions.centreHint')}</p>
        <div className="grid-2">
          <TextField
            {...form.field('centreLatitude')}
            label={labels.centreLatitude}
            inputMode="decimal"
            value={centreLatitude}
            onChange={(e) => setCentreLatitude(e.target.value)}
          />
          <TextField
            {...form.field('centreLongitude')}
            label={labels.centreLongitude}
            inputMode="decimal"
            value={centreLongitude}
            onChange={(e) => setCentreLongitude(e.target.value)}
          />
        </div>
      </Fieldset>
    </FormDialog>
  );
}
