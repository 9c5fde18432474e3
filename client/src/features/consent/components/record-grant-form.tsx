import type { ConsentMethod, GrantBasis, RecordGrantBody } from '@tsunagu/contract';
import { RecordGrantBody as RecordGrantSchema } from '@tsunagu/contract/persons';
import { consentMethods, grantBases, informationCategories } from '@tsunagu/contract/enums';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { CheckboxGroup, RadioGroup } from '../../../components/ui/radio-group.tsx';
import { todayInTokyo } from '../../../lib/format.ts';
import { emptyToNull } from '../../../lib/text.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useRecordGrant } from '../api/grants.ts';

const FORM_ID = 'record-grant';

/**
 * 同意を記録 (leads only): to one organisation on the team, for the categories the person agreed
 * to, on a legal basis. 基本情報 starts checked: without it the organisation sees nothing at all.
 */
export function RecordGrantForm({
  personId,
  teamOrganisations,
}: {
  personId: string;
  /** Organisations currently on the team, once each. */
  teamOrganisations: readonly { id: string; name: string }[];
}) {
  const { t } = useTranslation();
  const [organisationId, setOrganisationId] = useState('');
  const [categories, setCategories] = useState<string[]>(['identity']);
  const [basis, setBasis] = useState('');
  const [method, setMethod] = useState('');
  const [statute, setStatute] = useState('');
  const [obtainedOn, setObtainedOn] = useState(todayInTokyo);
  const [expiresOn, setExpiresOn] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const form = useFormProblems(FORM_ID);
  const record = useRecordGrant(personId);
  const labels = {
    organisationId: t('consent.organisation'),
    categories: t('consent.categories'),
    basis: t('consent.basis'),
    method: t('consent.method'),
    statute: t('consent.statute'),
    obtainedOn: t('consent.obtainedOn'),
    expiresOn: t('consent.expiresOn'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const body = {
      organisationId,
      // In the order of the list, whatever order they were ticked in.
      categories: informationCategories.filter((c) => categories.includes(c)),
      basis: basis as GrantBasis,
      method: basis === 'consent' && method ? (method as ConsentMethod) : null,
      statute: basis === 'other_statute' ? emptyToNull(statute) : null,
      obtainedOn,
      expiresOn: expiresOn || null,
    } satisfies RecordGrantBody;
    const errors = await validateAgainst(RecordGrantSchema, body, labels);
    if (!organisationId) errors.organisationId = t('validation.choose', { field: labels.organisationId });
    if (!categories.length) errors.categories = t('validation.choose', { field: labels.categories });
    if (basis === 'consent' && !method) errors.method = t('validation.choose', { field: labels.method });
    if (basis === 'other_statute' && !statute.trim())
      errors.statute = t('validation.empty', { field: labels.statute });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    const name = teamOrganisations.find((o) => o.id === organisationId)?.name ?? '';
    record.mutate(body, {
      onSuccess: () => {
        setDone(t('consent.recorded') + t('common.paren', { text: name }));
        setOrganisationId('');
        setCategories(['identity']);
        setBasis('');
        setMethod('');
        setStatute('');
        setExpiresOn('');
      },
      onError: form.failRequest,
    });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack form-medium">
      <p>{t('consent.recordLead')}</p>
      {done ? <Notice tone="success">{done}</Notice> : null}
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <SelectField
        {...form.field('organisationId')}
        label={labels.organisationId}
        hint={t('consent.onlyTeam')}
        required
        placeholder={t('validation.choose', { field: labels.organisationId })}
        options={teamOrganisations.map((o) => ({ value: o.id, label: o.name }))}
        value={organisationId}
        onChange={(e) => setOrganisationId(e.target.value)}
      />
      <CheckboxGroup
        {...form.field('categories')}
        legend={labels.categories}
        hint={
          <p>
            <strong>{t('consent.identityHint')}</strong>
          </p>
        }
        required
        columns
        options={informationCategories.map((c) => ({ value: c, label: t(`enums.category.${c}`) }))}
        values={categories}
        onChange={setCategories}
      />
      <RadioGroup
        {...form.field('basis')}
        legend={labels.basis}
        required
        options={grantBases.map((b) => ({
          value: b,
          label: t(`enums.grantBasis.${b}`),
          description: t(`consent.basisDescriptions.${b}`),
        }))}
        value={basis}
        onChange={setBasis}
      />
      {basis === 'consent' ? (
        <RadioGroup
          {...form.field('method')}
          legend={labels.method}
          required
          inline
          options={consentMethods.map((m) => ({ value: m, label: t(`enums.consentMethod.${m}`) }))}
          value={method}
          onChange={setMethod}
        />
      ) : null}
      {basis === 'other_statute' ? (
        <TextField
          {...form.field('statute')}
          label={labels.statute}
          hint={t('consent.statuteHint')}
          required
          maxLength={300}
          value={statute}
          onChange={(e) => setStatute(e.target.value)}
        />
      ) : null}
      <div className="grid-2">
        <TextField
          {...form.field('obtainedOn')}
          label={labels.obtainedOn}
          type="date"
          required
          max={todayInTokyo()}
          value={obtainedOn}
          onChange={(e) => setObtainedOn(e.target.value)}
        />
        <TextField
          {...form.field('expiresOn')}
          label={labels.expiresOn}
          hint={t('consent.expiresOnHint')}
          type="date"
          min={obtainedOn || undefined}
          value={expiresOn}
          onChange={(e) => setExpiresOn(e.target.value)}
        />
      </div>
      <div className="button-row">
        <Button type="submit" variant="primary" busy={record.isPending} busyLabel={t('common.saving')}>
          {t('consent.recordSubmit')}
        </Button>
      </div>
    </form>
  );
}
