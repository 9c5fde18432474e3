import { CorrectMessageBody as CorrectSchema, MESSAGE_BODY_MAX } from '@tsunagu/contract/messages';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/ui/dialog.tsx';
import { TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { validateAgainst } from '../../../lib/validation.ts';
import { useCorrectMessage, type Message } from '../api/messages.ts';

const FORM_ID = 'correct-message';

/** 訂正: the new text and why; the earlier text stays in the history. */
export function CorrectMessageDialog({
  message,
  onClose,
  onDone,
}: {
  message: Message;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [body, setBody] = useState(message.body ?? '');
  const [reason, setReason] = useState('');
  const form = useFormProblems(FORM_ID);
  const correct = useCorrectMessage(message.personId);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = { body: body.trim(), reason: reason.trim() };
    const errors = await validateAgainst(CorrectSchema, value, {
      body: t('messages.composer.body'),
      reason: t('messages.correct.reason'),
    });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    correct.mutate({ id: message.id, body: value }, { onSuccess: onDone, onError: form.failRequest });
  }

  return (
    <FormDialog
      formId={FORM_ID}
      title={t('messages.correct.title')}
      submitLabel={t('messages.correct.submit')}
      busy={correct.isPending}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <p>{t('messages.correct.lead')}</p>
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <TextAreaField
        {...form.field('body')}
        label={t('messages.composer.body')}
        required
        rows={6}
        maxLength={MESSAGE_BODY_MAX}
        value={body}
        onChange={(e) => setBody(e.target.value)}
      />
      <TextField
        {...form.field('reason')}
        label={t('messages.correct.reason')}
        hint={t('messages.correct.reasonHint')}
        required
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
    </FormDialog>
  );
}
