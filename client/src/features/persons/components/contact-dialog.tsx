import type { Contact, ContactBody, ContactRelationship } from '@tsunagu/contract';
import { ContactBody as ContactSchema } from '@tsunagu/contract/persons';
import { contactRelationships } from '@tsunagu/contract/enums';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/ui/dialog.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { emptyToNull } from '../../../lib/text.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useSaveContact } from '../api/persons.ts';

const FORM_ID = 'contact';

/** 家族・関係者の追加・変更, including the person's wish that someone is never told anything. */
export function ContactDialog({
  personId,
  contact,
  onClose,
  onSaved,
}: {
  personId: string;
  contact: Contact | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(contact?.name ?? '');
  const [relationship, setRelationship] = useState<string>(contact?.relationship ?? '');
  const [phone, setPhone] = useState(contact?.phone ?? '');
  const [notes, setNotes] = useState(contact?.notes ?? '');
  const [isExcluded, setIsExcluded] = useState(contact?.isExcluded ?? false);
  const [exclusionNote, setExclusionNote] = useState(contact?.exclusionNote ?? '');
  const form = useFormProblems(FORM_ID);
  const save = useSaveContact(personId);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      name: name.trim(),
      relationship: relationship as ContactRelationship,
      phone: emptyToNull(phone),
      notes: emptyToNull(notes),
      isExcluded,
      exclusionNote: isExcluded ? emptyToNull(exclusionNote) : null,
    } satisfies ContactBody;
    const errors = await validateAgainst(ContactSchema, body, {
      name: t('persons.contacts.name'),
      relationship: t('persons.contacts.relationship'),
      phone: t('persons.contacts.phone'),
      notes: t('persons.contacts.notes'),
      exclusionNote: t('persons.contacts.exclusionNote'),
    });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    save.mutate({ id: contact?.id ?? null, body }, { onSuccess: onSaved, onError: form.failRequest });
  }

  return (
    <FormDialog
      formId={FORM_ID}
      title={contact ? t('persons.contacts.editTitle') : t('persons.contacts.addTitle')}
      submitLabel={t('common.save')}
      busy={save.isPending}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <TextField
        {...form.field('name')}
        label={t('persons.contacts.name')}
        required
        maxLength={100}
        autoComplete="off"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <SelectField
        {...form.field('relationship')}
        label={t('persons.contacts.relationship')}
        required
        placeholder={t('validation.choose', { field: t('persons.contacts.relationship') })}
        options={contactRelationships.map((r) => ({
          value: r,
          label: t(`enums.contactRelationship.${r}`),
        }))}
        value={relationship}
        onChange={(e) => setRelationship(e.target.value)}
      />
      <TextField
        {...form.field('phone')}
        label={t('persons.contacts.phone')}
        type="tel"
        inputMode="tel"
        maxLength={20}
        autoComplete="off"
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
      />
      <TextAreaField
        {...form.field('notes')}
        label={t('persons.contacts.notes')}
        rows={2}
        maxLength={1000}
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
      />
      <div className={isExcluded ? 'excluded-box' : 'stack'}>
        <CheckboxField
          {...form.field('isExcluded')}
          label={
            <>
              <strong>{t('persons.contacts.isExcluded')}</strong>
              <span className="field__hint checkbox__hint">{t('persons.contacts.isExcludedHint')}</span>
            </>
          }
          checked={isExcluded}
          onChange={(e) => setIsExcluded(e.target.checked)}
        />
        {isExcluded ? (
          <TextAreaField
            {...form.field('exclusionNote')}
            label={t('persons.contacts.exclusionNote')}
            rows={2}
            maxLength={500}
            value={exclusionNote}
            onChange={(e) => setExclusionNote(e.target.value)}
          />
        ) : null}
      </div>
    </FormDialog>
  );
}
