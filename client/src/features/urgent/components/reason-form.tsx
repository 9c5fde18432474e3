import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { TextAreaField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { useBreakGlassForCase } from '../api/urgent.ts';

/** A one-field form with a required reason (break-glass, withdrawal). */
export function ReasonForm({
  formId,
  label,
  hint,
  submitLabel,
  danger,
  onSubmit,
  pending,
}: {
  formId: string;
  label: string;
  hint: string;
  submitLabel: string;
  danger?: boolean;
  onSubmit: (reason: string, fail: (error: unknown) => void) => void;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const form = useFormProblems(formId);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) return form.failFields({ reason: t('offHours.urgent.reasonRequired') });
    form.clear();
    onSubmit(reason.trim(), form.failRequest);
  }
  return (
    <form id={formId} onSubmit={submit} noValidate className="stack">
      <ErrorSummary formId={formId} problems={form.problems} />
      <TextAreaField
        {...form.field('reason')}
        label={label}
        hint={hint}
        required
        rows={3}
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <div className="button-row">
        <Button
          type="submit"
          variant={danger ? 'danger' : 'primary'}
          busy={pending}
          busyLabel={t('common.saving')}
        >
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

/** 緊急時の閲覧 from a case: what consent does not reach (the crisis information, the words), with a reason. */
export function BreakGlassForm({ caseId, formId }: { caseId: string; formId: string }) {
  const { t } = useTranslation();
  const breakGlass = useBreakGlassForCase(caseId);
  return (
    <ReasonForm
      formId={formId}
      label={t('offHours.urgent.breakGlassReason')}
      hint={t('offHours.urgent.breakGlassHint')}
      submitLabel={t('offHours.urgent.breakGlass')}
      danger
      pending={breakGlass.isPending}
      onSubmit={(reason, fail) => breakGlass.mutate(reason, { onError: fail })}
    />
  );
}
