import type { EscalationChain } from '@tsunagu/contract';
import { EscalationChain as EscalationChainSchema } from '@tsunagu/contract/off-hours';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, useFormProblems } from '../../../components/ui/form.tsx';
import { LoadError, Loading, Notice } from '../../../components/ui/notice.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { validateAgainst } from '../../../lib/validation.ts';
import { tsunaguOrganisationsQueryOptions } from '../../organisations/api/organisations.ts';
import { escalationChainQueryOptions, useSaveEscalationChain } from '../api/escalations.ts';

const FORM_ID = 'escalation-chain';

interface TierDraft {
  key: number;
  kind: 'organisation' | 'phone';
  organisationId: string;
  phone: string;
  label: string;
}

let nextKey = 1;
function draftsOf(chain: EscalationChain): TierDraft[] {
  return chain.tiers.map((tier) => ({
    key: nextKey++,
    kind: tier.organisationId ? 'organisation' : 'phone',
    organisationId: tier.organisationId ?? '',
    phone: tier.phone ?? '',
    label: tier.label,
  }));
}

/** The form for one chain; remounted (by key) when another region is chosen. */
function ChainForm({ chain }: { chain: EscalationChain }) {
  const { t } = useTranslation();
  const organisations = useQuery(tsunaguOrganisationsQueryOptions);
  const save = useSaveEscalationChain();
  const form = useFormProblems(FORM_ID);
  const [emergency, setEmergency] = useState(String(chain.emergencyAckMinutes));
  const [urgent, setUrgent] = useState(String(chain.urgentAckMinutes));
  const [tiers, setTiers] = useState<TierDraft[]>(() => draftsOf(chain));
  const [saved, setSaved] = useState(false);
  const update = (key: number, change: Partial<TierDraft>) =>
    setTiers((all) => all.map((tier) => (tier.key === key ? { ...tier, ...change } : tier)));
  const move = (index: number, by: number) =>
    setTiers((all) => {
      const next = [...all];
      const [tier] = next.splice(index, 1);
      next.splice(index + by, 0, tier!);
      return next;
    });
  const labels = {
    emergencyAckMinutes: t('offHours.chain.emergencyMinutes'),
    urgentAckMinutes: t('offHours.chain.urgentMinutes'),
    organisationId: t('offHours.chain.organisation'),
    phone: t('offHours.chain.phone'),
    label: t('offHours.chain.label'),
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const body: EscalationChain = {
      regionId: chain.regionId,
      emergencyAckMinutes: Number(emergency),
      urgentAckMinutes: Number(urgent),
      tiers: tiers.map((tier) =>
        tier.kind === 'organisation'
          ? { organisationId: tier.organisationId || null, label: tier.label.trim() }
          : { phone: tier.phone.trim(), label: tier.label.trim() },
      ),
    };
    const errors = await validateAgainst(EscalationChainSchema, body, labels);
    tiers.forEach((tier, i) => {
      if (tier.kind === 'organisation' && !tier.organisationId)
        errors[`tiers.${i}.organisationId`] = t('offHours.chain.organisationRequired');
    });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    save.mutate(body, { onSuccess: () => setSaved(true), onError: form.failRequest });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack form-medium">
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <div className="consultation-form__pair">
        <TextField
          {...form.field('emergencyAckMinutes')}
          className="field--short"
          type="number"
          inputMode="numeric"
          min={1}
          max={240}
          required
          label={labels.emergencyAckMinutes}
          value={emergency}
          onChange={(e) => setEmergency(e.target.value)}
        />
        <TextField
          {...form.field('urgentAckMinutes')}
          className="field--short"
          type="number"
          inputMode="numeric"
          min={1}
          max={1440}
          required
          label={labels.urgentAckMinutes}
          value={urgent}
          onChange={(e) => setUrgent(e.target.value)}
        />
      </div>
      <p className="muted">{t('offHours.chain.tiersLead')}</p>
      {organisations.isError ? <LoadError error={organisations.error} /> : null}
      <ol className="plain-list stack">
        {tiers.map((tier, i) => (
          <li key={tier.key}>
            <Fieldset legend={t('offHours.chain.tier', { n: i + 1 })}>
              <RadioGroup
                id={`${FORM_ID}-tiers-${i}-kind`}
                legend={t('offHours.chain.kind')}
                inline
                options={[
                  { value: 'organisation', label: t('offHours.chain.kindOrganisation') },
                  { value: 'phone', label: t('offHours.chain.kindPhone') },
                ]}
                value={tier.kind}
                onChange={(kind) => update(tier.key, { kind: kind === 'phone' ? 'phone' : 'organisation' })}
              />
              {tier.kind === 'organisation' ? (
                <SelectField
                  {...form.field(`tiers.${i}.organisationId`)}
                  label={labels.organisationId}
                  required
                  placeholder={t('offHours.choose')}
                  options={(organisations.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
                  value={tier.organisationId}
                  onChange={(e) => update(tier.key, { organisationId: e.target.value })}
                />
              ) : (
                <TextField
                  {...form.field(`tiers.${i}.phone`)}
                  className="field--short"
                  type="tel"
                  required
                  maxLength={20}
                  label={labels.phone}
                  hint={t('offHours.chain.phoneHint')}
                  value={tier.phone}
                  onChange={(e) => update(tier.key, { phone: e.target.value })}
                />
              )}
              <TextField
                {...form.field(`tiers.${i}.label`)}
                required
                maxLength={60}
                label={labels.label}
                hint={t('offHours.chain.labelHint')}
                value={tier.label}
                onChange={(e) => update(tier.key, { label: e.target.value })}
              />
              <div className="button-row">
                {i > 0 ? (
                  <Button small onClick={() => move(i, -1)}>
                    {t('offHours.chain.up')}
                  </Button>
                ) : null}
                {i < tiers.length - 1 ? (
                  <Button small onClick={() => move(i, 1)}>
                    {t('offHours.chain.down')}
                  </Button>
                ) : null}
                <Button
                  small
                  variant="quiet"
                  onClick={() => setTiers((all) => all.filter((x) => x.key !== tier.key))}
                >
                  {t('common.remove')}
                </Button>
              </div>
            </Fieldset>
          </li>
        ))}
      </ol>
      {tiers.length < 10 ? (
        <div>
          <Button
            onClick={() =>
              setTiers((all) => [
                ...all,
                { key: nextKey++, kind: 'organisation', organisationId: '', phone: '', label: '' },
              ])
            }
          >
            {t('offHours.chain.addTier')}
          </Button>
        </div>
      ) : null}
      {saved ? <Notice tone="success">{t('offHours.chain.saved')}</Notice> : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.isPending} busyLabel={t('common.saving')}>
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}

/** 連絡網の設定 (system administrators): per region or the default, waiting times and tiers. */
export function EscalationChainEditor({ regions }: { regions: readonly { id: string; label: string }[] }) {
  const { t } = useTranslation();
  const [regionId, setRegionId] = useState('');
  const chain = useQuery(escalationChainQueryOptions(regionId || null));
  return (
    <div className="stack stack--large">
      <SelectField
        id="escalation-region"
        label={t('offHours.chain.region')}
        hint={t('offHours.chain.regionHint')}
        options={[
          { value: '', label: t('offHours.chain.default') },
          ...regions.map((r) => ({ value: r.id, label: r.label })),
        ]}
        value={regionId}
        onChange={(e) => setRegionId(e.target.value)}
      />
      {chain.isPending ? <Loading /> : null}
      {chain.isError ? <LoadError error={chain.error} onRetry={() => void chain.refetch()} /> : null}
      {chain.data ? <ChainForm key={regionId || 'default'} chain={chain.data} /> : null}
    </div>
  );
}
