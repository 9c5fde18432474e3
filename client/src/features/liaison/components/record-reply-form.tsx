import type { RecordReplyBody } from '@tsunagu/contract';
import { handReplyChannels, RecordReplyBody as RecordReplySchema } from '@tsunagu/contract/liaison';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { validateAgainst } from '../../../lib/validation.ts';
import { useRecordReply } from '../api/liaison.ts';

const FORM_ID = 'liaison-record-reply';

/** 電話で確認済み: a reply that came by phone, FAX or visit, recorded against the sheet's reply code. */
export function RecordReplyForm() {
  const { t } = useTranslation();
  const form = useFormProblems(FORM_ID);
  const record = useRecordReply();
  const [replyCode, setReplyCode] = useState('');
  const [channel, setChannel] = useState<string>('phone');
  const [reply, setReply] = useState('');
  const [respondent, setRespondent] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const labels = {
    replyCode: t('liaison.record.code'),
    channel: t('liaison.record.channel'),
    reply: t('liaison.record.reply'),
    respondent: t('liaison.record.respondent'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const body = {
      replyCode: replyCode.trim(),
      channel: channel as RecordReplyBody['channel'],
      ...(reply.trim() ? { reply: reply.trim() } : {}),
      ...(respondent.trim() ? { respondent: respondent.trim() } : {}),
    };
    const errors = await validateAgainst(RecordReplySchema, body, labels);
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    record.mutate(body, {
      onSuccess: (sheet) => {
        setDone(t('liaison.record.done', { code: sheet.replyCode }));
        setReplyCode('');
        setReply('');
        setRespondent('');
      },
      onError: form.failRequest,
    });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack">
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <TextField
        {...form.field('replyCode')}
        className="field--short"
        label={labels.replyCode}
        hint={t('liaison.record.codeHint')}
        required
        autoCapitalize="characters"
        autoComplete="off"
        maxLength={7}
        value={replyCode}
        onChange={(e) => setReplyCode(e.target.value)}
      />
      <RadioGroup
        {...form.field('channel')}
        legend={labels.channel}
        inline
        options={handReplyChannels.map((c) => ({ value: c, label: t(`liaison.replyChannel.${c}`) }))}
        value={channel}
        onChange={setChannel}
      />
      <TextAreaField
        {...form.field('reply')}
        label={labels.reply}
        rows={3}
        maxLength={1500}
        value={reply}
        onChange={(e) => setReply(e.target.value)}
      />
      <TextField
        {...form.field('respondent')}
        label={labels.respondent}
        maxLength={100}
        value={respondent}
        onChange={(e) => setRespondent(e.target.value)}
      />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={record.isPending} busyLabel={t('common.saving')}>
          {t('liaison.record.submit')}
        </Button>
      </div>
      {done ? (
        <Notice tone="success">
          <p>{done}</p>
        </Notice>
      ) : null}
    </form>
  );
}
