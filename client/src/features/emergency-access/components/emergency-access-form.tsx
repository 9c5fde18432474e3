import type { EmergencyAccessBody } from '@tsunagu/contract';
import {
  EMERGENCY_ACCESS_HOURS,
  EmergencyAccessBody as EmergencyAccessSchema,
} from '@tsunagu/contract/persons';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { CheckboxField, TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { formatDate, formatDateTime, todayInTokyo } from '../../../lib/format.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useOpenEmergencyAccess, type EmergencyAccessResult } from '../api/emergency-access.ts';

const FORM_ID = 'emergency-access';

/** What break-glass means, said before anything can be typed. */
export function EmergencyAccessWarning() {
  const { t } = useTranslation();
  return (
    <section className="emergency-warning" aria-labelledby="emergency-warning-title">
      <h2 id="emergency-warning-title" className="emergency-warning__title">
        <span aria-hidden="true">⚠ </span>
        {t('emergency.warningTitle')}
      </h2>
      <ul className="emergency-warning__list">
        <li>{t('emergency.point1')}</li>
        <li>{t('emergency.point2')}</li>
        <li>{t('emergency.point3')}</li>
        <li>{t('emergency.point4')}</li>
        <li>{t('emergency.point5', { hours: EMERGENCY_ACCESS_HOURS })}</li>
      </ul>
    </section>
  );
}

function Result({ result }: { result: EmergencyAccessResult }) {
  const { t } = useTranslation();
  return (
    <Notice tone="warning" title={t('emergency.resultTitle')}>
      <p>{t('emergency.resultLead', { time: formatDateTime(result.expiresAt) })}</p>
      <ul className="plain-list stack">
        {result.matches.map((m) => (
          <li key={m.personId}>
            <Link to={`/persons/${m.personId}`} className="emergency-result__link">
              {t('emergency.open', { name: m.name })}
            </Link>
            <span className="table__sub">
              {m.kana} ・ {formatDate(m.birthDate)}
            </span>
          </li>
        ))}
      </ul>
    </Notice>
  );
}

/**
 * 緊急時の閲覧: exact name (or reading) and birth date, a recorded reason, and an explicit
 * acknowledgement before anything is opened.
 */
export function EmergencyAccessForm() {
  const { t } = useTranslation();
  const [by, setBy] = useState('name');
  const [name, setName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [reason, setReason] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [result, setResult] = useState<EmergencyAccessResult | null>(null);
  const form = useFormProblems(FORM_ID);
  const open = useOpenEmergencyAccess();
  const field = by === 'name' ? 'name' : 'kana';
  const labels = {
    name: t('emergency.name'),
    kana: t('emergency.kana'),
    birthDate: t('emergency.birthDate'),
    reason: t('emergency.reason'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    const body = {
      [field]: name.trim(),
      birthDate,
      reason: reason.trim(),
    } as EmergencyAccessBody;
    const errors = await validateAgainst(EmergencyAccessSchema, body, labels);
    if (!understood) errors.understood = t('emergency.understoodRequired');
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    open.mutate(body, {
      onSuccess: setResult,
      onError: (error) =>
        error instanceof ApiError && error.status === 404
          ? form.fail({ fields: {}, form: t('emergency.noMatch') })
          : form.failRequest(error),
    });
  }

  return (
    <div className="stack stack--large">
      <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack form-medium">
        <ErrorSummary formId={FORM_ID} problems={form.problems} />
        <RadioGroup
          id={`${FORM_ID}-by`}
          legend={t('emergency.searchBy')}
          inline
          options={[
            { value: 'name', label: t('emergency.byName') },
            { value: 'kana', label: t('emergency.byKana') },
          ]}
          value={by}
          onChange={setBy}
        />
        <TextField
          {...form.field(field)}
          label={labels[field]}
          hint={t('emergency.exactHint')}
          required
          maxLength={by === 'name' ? 100 : 200}
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          {...form.field('birthDate')}
          className="field--short"
          label={labels.birthDate}
          type="date"
          required
          min="1900-01-01"
          max={todayInTokyo()}
          value={birthDate}
          onChange={(e) => setBirthDate(e.target.value)}
        />
        <TextAreaField
          {...form.field('reason')}
          label={labels.reason}
          hint={t('emergency.reasonHint')}
          required
          rows={4}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <CheckboxField
          {...form.field('understood')}
          label={<strong>{t('emergency.understood')}</strong>}
          checked={understood}
          onChange={(e) => setUnderstood(e.target.checked)}
        />
        <div className="button-row">
          <Button
            type="submit"
            variant="danger"
            className="button--emergency"
            busy={open.isPending}
            busyLabel={t('common.saving')}
          >
            {t('emergency.submit')}
          </Button>
        </div>
      </form>
      {result ? <Result result={result} /> : null}
    </div>
  );
}
