import type { Certificate, CertificateBody, CertificateKind, SupportCategory } from '@tsunagu/contract';
import { CertificateBody as CertificateSchema } from '@tsunagu/contract/persons';
import { certificateKinds, supportCategories } from '@tsunagu/contract/enums';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/ui/dialog.tsx';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { emptyToNull } from '../../../lib/text.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useSaveCertificate } from '../api/persons.ts';

const FORM_ID = 'certificate';

/**
 * 証書の追加・変更. Each kind asks only for what it has: 受給者証 its 障害支援区分 and 支給決定期間,
 * 手帳 its grade, 自立支援医療 its expiry.
 */
export function CertificateDialog({
  personId,
  certificate,
  onClose,
  onSaved,
}: {
  personId: string;
  certificate: Certificate | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<string>(certificate?.kind ?? '');
  const [number, setNumber] = useState(certificate?.number ?? '');
  const [supportCategory, setSupportCategory] = useState<string>(certificate?.supportCategory ?? '');
  const [grade, setGrade] = useState(certificate?.grade ? String(certificate.grade) : '');
  const [validFrom, setValidFrom] = useState(certificate?.validFrom ?? '');
  const [validUntil, setValidUntil] = useState(certificate?.validUntil ?? '');
  const form = useFormProblems(FORM_ID);
  const save = useSaveCertificate(personId);
  const isService = kind === 'service_recipient';
  const isHandbook = kind === 'disability_handbook';

  const labels = {
    kind: t('persons.certificates.kind'),
    number: t('persons.certificates.number'),
    supportCategory: t('persons.certificates.supportCategory'),
    grade: t('persons.certificates.grade'),
    validFrom: isService ? t('persons.certificates.periodFrom') : t('persons.certificates.validFrom'),
    validUntil: isService ? t('persons.certificates.periodUntil') : t('persons.certificates.validUntil'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      kind: kind as CertificateKind,
      number: emptyToNull(number),
      supportCategory: isService && supportCategory ? (supportCategory as SupportCategory) : null,
      grade: isHandbook && grade ? Number(grade) : null,
      validFrom: isService && validFrom ? validFrom : null,
      validUntil,
    } satisfies CertificateBody;
    const errors = await validateAgainst(CertificateSchema, body, labels);
    if (isHandbook && !grade) errors.grade = t('validation.choose', { field: labels.grade });
    // The contract's label names the service certificate's period; say the label this form shows.
    if (!validUntil) errors.validUntil = t('validation.empty', { field: labels.validUntil });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    save.mutate({ id: certificate?.id ?? null, body }, { onSuccess: onSaved, onError: form.failRequest });
  }

  return (
    <FormDialog
      formId={FORM_ID}
      title={certificate ? t('persons.certificates.editTitle') : t('persons.certificates.addTitle')}
      submitLabel={t('common.save')}
      busy={save.isPending}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <SelectField
        {...form.field('kind')}
        label={labels.kind}
        required
        placeholder={t('validation.choose', { field: labels.kind })}
        options={certificateKinds.map((k) => ({ value: k, label: t(`enums.certificateKind.${k}`) }))}
        value={kind}
        onChange={(e) => setKind(e.target.value)}
      />
      <TextField
        {...form.field('number')}
        label={labels.number}
        maxLength={30}
        autoComplete="off"
        value={number}
        onChange={(e) => setNumber(e.target.value)}
      />
      {isService ? (
        <SelectField
          {...form.field('supportCategory')}
          label={labels.supportCategory}
          placeholder={t('common.notSet')}
          options={supportCategories.map((c) => ({ value: c, label: t(`enums.supportCategory.${c}`) }))}
          value={supportCategory}
          onChange={(e) => setSupportCategory(e.target.value)}
        />
      ) : null}
      {isHandbook ? (
        <SelectField
          {...form.field('grade')}
          label={labels.grade}
          required
          placeholder={t('validation.choose', { field: labels.grade })}
          options={[1, 2, 3].map((g) => ({
            value: String(g),
            label: t('persons.certificates.gradeValue', { grade: g }),
          }))}
          value={grade}
          onChange={(e) => setGrade(e.target.value)}
        />
      ) : null}
      <div className="grid-2">
        {isService ? (
          <TextField
            {...form.field('validFrom')}
            label={labels.validFrom}
            type="date"
            value={validFrom}
            onChange={(e) => setValidFrom(e.target.value)}
          />
        ) : null}
        <TextField
          {...form.field('validUntil')}
          label={labels.validUntil}
          type="date"
          required
          value={validUntil}
          onChange={(e) => setValidUntil(e.target.value)}
        />
      </div>
    </FormDialog>
  );
}
