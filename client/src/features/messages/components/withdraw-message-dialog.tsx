import { WithdrawMessageBody as WithdrawSchema } from '@tsunagu/contract/messages';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/ui/dialog.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { validateAgainst } from '../../../lib/validation.ts';
import { useWithdrawMessage, type Message } from '../api/messages.ts';

const FORM_ID = 'withdraw-message';

/** 取り下げ: asks first (cancel is the first choice and has focus) and needs a reason. */
export function WithdrawMessageDialog({
  message,
  onClose,
  onDone,
}: {
  message: Message;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const form = useFormProblems(FORM_ID);
  const withdraw = useWithdrawMessage(message.personId);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = { reason: reason.trim() };
    const errors = await validateAgainst(WithdrawSchema, value, { reason: t('messages.withdraw.reason') });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    withdraw.mutate(
      { id: message.id, reason: value.reason },
      { onSuccess: onDone, onError: form.failRequest },
    );
  }

  return (
    <FormDialog
      formId={FORM_ID}
      title={t('messages.withdraw.title')}
      submitLabel={t('messages.withdraw.submit')}
      busy={withdraw.isPending}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
      danger
    >
      <p>{t('messages.withdraw.lead')}</p>
      {message.body ? <blockquote className="quote">{message.body}</blockquote> : null}
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <TextField
        {...form.field('reason')}
        label={t('messages.withdraw.reason')}
        required
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
    </FormDialog>
  );
}
