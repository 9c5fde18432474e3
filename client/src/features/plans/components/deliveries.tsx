import type { Delivery, DeliveryBody, DeliveryMethod, Plan } from '@tsunagu/contract';
import { DeliveryBody as DeliverySchema, deliveryMethods } from '@tsunagu/contract/plan-meetings';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CheckboxField, SelectField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, useFormProblems } from '../../../components/ui/form.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { formatDate, formatDateTime, todayInTokyo } from '../../../lib/format.ts';
import { emptyToNull } from '../../../lib/text.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useRecordDelivery } from '../api/plans.ts';
import { statusOf } from './plan-labels.ts';
import { RecordSection } from './record-section.tsx';

const FORM_ID = 'plan-delivery';

/** 交付: which version, when, how, and to whom (the person, the family, the team's offices, others). */
function DeliveryForm({
  personId,
  plan,
  team,
  onDone,
  onCancel,
}: {
  personId: string;
  plan: Plan;
  team: readonly { id: string; name: string }[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const form = useFormProblems(FORM_ID);
  const record = useRecordDelivery(personId, plan.summary.id);
  const agreed = [...plan.versions].reverse().filter((v) => v.agreement !== null);
  const [planVersion, setPlanVersion] = useState(String(agreed[0]?.version ?? ''));
  const [deliveredOn, setDeliveredOn] = useState(todayInTokyo());
  const [method, setMethod] = useState('');
  const [toPerson, setToPerson] = useState(true);
  const [toFamily, setToFamily] = useState(false);
  const [familyName, setFamilyName] = useState('');
  const [organisations, setOrganisations] = useState<string[]>([]);
  const [other, setOther] = useState('');
  const [note, setNote] = useState('');
  const label = (field: string) => t(`plans.deliveries.fields.${field as 'method'}`);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body: DeliveryBody = {
      planVersion: Number(planVersion),
      deliveredOn,
      // Unchosen, it stays '' for the schema to name the field (as the agreement form does).
      method: method as DeliveryMethod,
      recipients: [
        ...(toPerson ? [{ kind: 'person' as const }] : []),
        ...(toFamily ? [{ kind: 'family' as const, name: emptyToNull(familyName) }] : []),
        ...organisations.map((id) => ({ kind: 'provider' as const, organisationId: id })),
        ...(other.trim() ? [{ kind: 'other' as const, name: other.trim() }] : []),
      ],
      note: emptyToNull(note),
    };
    const labels = Object.fromEntries(
      ['planVersion', 'deliveredOn', 'method', 'recipients', 'note'].map((f) => [f, label(f)]),
    );
    const errors = await validateAgainst(DeliverySchema, body, labels);
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    record.mutate(body, { onSuccess: onDone, onError: form.failRequest });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack subpanel">
      <h3>{t('plans.deliveries.formTitle')}</h3>
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <div className="grid-2">
        <SelectField
          {...form.field('planVersion')}
          label={label('planVersion')}
          required
          options={agreed.map((v) => ({
            value: String(v.version),
            label: t('plans.versionWithStatus', { version: v.version, status: statusOf(v).label }),
          }))}
          value={planVersion}
          onChange={(e) => setPlanVersion(e.target.value)}
        />
        <TextField
          {...form.field('deliveredOn')}
          className="field--short"
          type="date"
          required
          max={todayInTokyo()}
          label={label('deliveredOn')}
          value={deliveredOn}
          onChange={(e) => setDeliveredOn(e.target.value)}
        />
      </div>
      <RadioGroup
        {...form.field('method')}
        legend={label('method')}
        required
        inline
        options={deliveryMethods.map((m) => ({ value: m, label: t(`plans.deliveries.methods.${m}`) }))}
        value={method}
        onChange={setMethod}
      />
      <Fieldset legend={label('recipients')} className="stack">
        <div id={form.field('recipients').id} tabIndex={-1}>
          {form.errorOf('recipients') ? <p className="field__error">{form.errorOf('recipients')}</p> : null}
        </div>
        <CheckboxField
          id={`${FORM_ID}-to-person`}
          label={t('plans.deliveries.kinds.person')}
          checked={toPerson}
          onChange={(e) => setToPerson(e.target.checked)}
        />
        <CheckboxField
          id={`${FORM_ID}-to-family`}
          label={t('plans.deliveries.kinds.family')}
          checked={toFamily}
          onChange={(e) => setToFamily(e.target.checked)}
        />
        {toFamily ? (
          <TextField
            {...form.field(`recipients.${toPerson ? 1 : 0}.name`)}
            label={t('plans.deliveries.familyName')}
            maxLength={100}
            value={familyName}
            onChange={(e) => setFamilyName(e.target.value)}
          />
        ) : null}
        {team.map((o) => (
          <CheckboxField
            key={o.id}
            id={`${FORM_ID}-to-${o.id}`}
            label={o.name}
            checked={organisations.includes(o.id)}
            onChange={(e) =>
              setOrganisations(
                e.target.checked ? [...organisations, o.id] : organisations.filter((id) => id !== o.id),
              )
            }
          />
        ))}
        <TextField
          id={`${FORM_ID}-other`}
          label={t('plans.deliveries.other')}
          hint={t('plans.deliveries.otherHint')}
          maxLength={100}
          value={other}
          onChange={(e) => setOther(e.target.value)}
        />
      </Fieldset>
      <TextField
        {...form.field('note')}
        label={label('note')}
        maxLength={500}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={record.isPending} busyLabel={t('common.saving')}>
          {t('plans.deliveries.submit')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}

/** One 交付: when, which version, how, and to whom. */
function DeliveryCard({ d }: { d: Delivery }) {
  const { t } = useTranslation();
  return (
    <article className="card stack">
      <p>
        <strong>
          {t('plans.deliveries.line', {
            date: formatDate(d.deliveredOn),
            version: d.planVersion,
            method: t(`plans.deliveries.methods.${d.method}`),
          })}
        </strong>
      </p>
      <p>
        {t('plans.deliveries.to', {
          names: d.recipients
            .map((r) => r.name ?? t(`plans.deliveries.kinds.${r.kind}`))
            .join(t('common.listSeparator')),
        })}
      </p>
      {d.note ? <p className="plan-words">{d.note}</p> : null}
      <p className="table__sub">
        {t('plans.deliveries.recordedBy', {
          name: d.recordedBy ?? '',
          organisation: d.recordedByOrganisation,
          time: formatDateTime(d.recordedAt),
        })}
      </p>
    </article>
  );
}

/** 交付: to whom each version was handed, and the form for the plan's own office. */
export function DeliveriesSection({
  personId,
  plan,
  team,
}: {
  personId: string;
  plan: Plan;
  team: readonly { id: string; name: string }[];
}) {
  const { t } = useTranslation();
  return (
    <RecordSection
      id="deliveries"
      title={t('plans.deliveries.title')}
      openLabel={t('plans.deliveries.open')}
      doneText={t('plans.deliveries.done')}
      form={
        plan.abilities.recordDelivery
          ? (close) => (
              <DeliveryForm
                personId={personId}
                plan={plan}
                team={team}
                onDone={() => close(true)}
                onCancel={() => close(false)}
              />
            )
          : null
      }
      records={plan.deliveries}
      renderRecord={(d) => <DeliveryCard d={d} />}
      noneText={t('plans.deliveries.none')}
    />
  );
}
