import type { CrisisContact, CrisisContent } from '@tsunagu/contract';
import { CrisisPlanBody } from '@tsunagu/contract/plans';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { Fieldset, useFormProblems } from '../../../components/ui/form.tsx';
import { usePrintWarning } from '../../../lib/print-warning.ts';
import { emptyToNull } from '../../../lib/text.ts';
import {
  HeadFields,
  headBody,
  initialHead,
  labelsFor,
  PlanEditorForm,
  PlanTextArea,
  PlanRows,
  RowHeader,
  useTexts,
  type PlanBase,
} from './plan-form-parts.tsx';

const FORM_ID = 'crisis-plan';

type WordsField =
  'goodSelf' | 'warningSigns' | 'worseningSigns' | 'selfActions' | 'wantFromOthers' | 'notWanted';
type CareField = 'clinic' | 'medication' | 'offHours';
const wordsFields: readonly WordsField[] = [
  'goodSelf',
  'warningSigns',
  'worseningSigns',
  'selfActions',
  'wantFromOthers',
  'notWanted',
];
const careFields: readonly CareField[] = ['clinic', 'medication', 'offHours'];

interface ContactDraft {
  name: string;
  relation: string;
  phone: string;
  hours: string;
}
const emptyContact = (): ContactDraft => ({ name: '', relation: '', phone: '', hours: '' });

/** クライシスプラン, written with the person in their own words; contacts in the order to call. */
export function CrisisPlanForm({
  personId,
  planId,
  base,
  onSaved,
  cancelTo,
}: {
  personId: string;
  planId: string | null;
  base: PlanBase<CrisisContent> | null;
  onSaved: (saved: { id: string; version: number }) => void;
  cancelTo: string;
}) {
  const { t } = useTranslation();
  const printWarning = usePrintWarning();
  const form = useFormProblems(FORM_ID);
  const c = base?.content;
  const [head, setHead] = useState(() => initialHead(base));
  const [texts, setText] = useTexts(() => ({
    goodSelf: c?.goodSelf,
    warningSigns: c?.warningSigns,
    worseningSigns: c?.worseningSigns,
    selfActions: c?.selfActions,
    wantFromOthers: c?.wantFromOthers,
    notWanted: c?.notWanted,
    clinic: c?.clinic,
    medication: c?.medication,
    offHours: c?.offHours,
  }));
  const [contacts, setContacts] = useState<ContactDraft[]>(() =>
    c
      ? c.contacts.map((x) => ({
          name: x.name,
          relation: x.relation ?? '',
          phone: x.phone,
          hours: x.hours ?? '',
        }))
      : [emptyContact()],
  );

  const labels: Record<string, string> = {
    ...labelsFor('head', ['planDate', 'reviewOn', 'changeNote']),
    ...labelsFor('crisis', Object.keys(texts)),
    ...labelsFor('contacts', ['name', 'relation', 'phone', 'hours']),
  };

  const build = (): CrisisPlanBody => ({
    ...headBody(head, base ? base.version : null),
    // The person's words are kept as written; only surrounding spaces go.
    goodSelf: texts.goodSelf.trim(),
    warningSigns: texts.warningSigns.trim(),
    worseningSigns: texts.worseningSigns.trim(),
    selfActions: texts.selfActions.trim(),
    wantFromOthers: texts.wantFromOthers.trim(),
    notWanted: emptyToNull(texts.notWanted),
    contacts: contacts.map((x): CrisisContact => ({
      name: x.name.trim(),
      relation: emptyToNull(x.relation),
      phone: x.phone.trim(),
      hours: emptyToNull(x.hours),
    })),
    clinic: emptyToNull(texts.clinic),
    medication: emptyToNull(texts.medication),
    offHours: emptyToNull(texts.offHours),
  });

  const area = (field: WordsField | CareField, required: boolean) => (
    <PlanTextArea
      key={field}
      form={form}
      field={field}
      label={labels[field]}
      required={required}
      maxLength={field === 'clinic' ? 500 : field === 'medication' || field === 'offHours' ? 1000 : 2000}
      value={texts[field]}
      onChange={setText(field)}
    />
  );

  return (
    <PlanEditorForm
      formId={FORM_ID}
      kind="crisis"
      personId={personId}
      planId={planId}
      form={form}
      schema={CrisisPlanBody}
      labels={labels}
      build={build}
      onSaved={onSaved}
      cancelTo={cancelTo}
    >
      <HeadFields form={form} head={head} onChange={setHead} isRevision={base !== null} />
      <Fieldset legend={t('plans.form.crisisWordsLegend')} className="stack">
        <p className="field__hint">{t('plans.form.crisisWordsHint')}</p>
        {wordsFields.map((field) => area(field, field !== 'notWanted'))}
      </Fieldset>
      <Fieldset legend={t('plans.form.contactsLegend')} className="stack">
        <p className="field__hint">{t('plans.form.contactsHint')}</p>
        <PlanRows
          rows={contacts}
          onChange={setContacts}
          keyOf={(_, i) => i}
          newRow={emptyContact}
          addLabel={t('plans.form.addContact')}
          max={10}
        >
          {(contact, i, edit) => {
            const number = i + 1;
            const at = `contacts.${i}`;
            const set = (key: keyof ContactDraft, value: string) => edit.set({ ...contact, [key]: value });
            return (
              <>
                <RowHeader
                  title={t('plans.form.contactTitle', { number })}
                  removeLabel={t('plans.form.removeContact', { number })}
                  onRemove={edit.remove}
                >
                  {edit.moveUp ? (
                    <Button
                      small
                      variant="quiet"
                      aria-label={t('plans.form.moveUp', { number })}
                      onClick={edit.moveUp}
                    >
                      ↑
                    </Button>
                  ) : null}
                  {edit.moveDown ? (
                    <Button
                      small
                      variant="quiet"
                      aria-label={t('plans.form.moveDown', { number })}
                      onClick={edit.moveDown}
                    >
                      ↓
                    </Button>
                  ) : null}
                </RowHeader>
                <div className="grid-2">
                  <TextField
                    {...form.field(`${at}.name`)}
                    label={labels.name}
                    required
                    maxLength={100}
                    value={contact.name}
                    warning={printWarning(contact.name)}
                    onChange={(e) => set('name', e.target.value)}
                  />
                  <TextField
                    {...form.field(`${at}.relation`)}
                    label={labels.relation}
                    maxLength={100}
                    value={contact.relation}
                    warning={printWarning(contact.relation)}
                    onChange={(e) => set('relation', e.target.value)}
                  />
                  <TextField
                    {...form.field(`${at}.phone`)}
                    label={labels.phone}
                    required
                    type="tel"
                    inputMode="tel"
                    maxLength={20}
                    value={contact.phone}
                    warning={printWarning(contact.phone)}
                    onChange={(e) => set('phone', e.target.value)}
                  />
                  <TextField
                    {...form.field(`${at}.hours`)}
                    label={labels.hours}
                    maxLength={100}
                    value={contact.hours}
                    warning={printWarning(contact.hours)}
                    onChange={(e) => set('hours', e.target.value)}
                  />
                </div>
              </>
            );
          }}
        </PlanRows>
      </Fieldset>
      <Fieldset legend={t('plans.form.crisisCareLegend')} className="stack">
        {careFields.map((field) => area(field, false))}
      </Fieldset>
    </PlanEditorForm>
  );
}
