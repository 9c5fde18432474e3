import type { LiaisonSettings, UpdateLiaisonSettingsBody } from '@tsunagu/contract';
import { liaisonChannels, UpdateLiaisonSettingsBody as SettingsSchema } from '@tsunagu/contract/liaison';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { liaisonSettingsQueryOptions, useUpdateLiaisonSettings } from '../api/liaison.ts';
import { PhoneLink } from '../../../components/ui/phone-link.tsx';

const FORM_ID = 'liaison-settings';

/**
 * 連絡方法: whether the organisation uses tsunagu, and if not, how it is reached (FAX, phone, post)
 * and the e-mail-to-FAX gateway its 連携シート may be mailed to. Shown to everyone who may see
 * the organisation; changed by its administrators or a system administrator.
 */
export function LiaisonSettingsPanel({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const settings = useQuery(liaisonSettingsQueryOptions(organisationId));
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  if (!settings.isSuccess) return null;
  const s = settings.data;
  return (
    <section className="panel stack section-gap" aria-labelledby="org-liaison">
      <div className="panel__header">
        <h2 id="org-liaison" className="panel__title">
          {t('liaison.settings.title')}
        </h2>
        {s.abilities.manage && !editing ? (
          <Button
            small
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            {t('common.edit')}
          </Button>
        ) : null}
      </div>
      {saved ? (
        <Notice tone="success">
          <p>{t('liaison.settings.saved')}</p>
        </Notice>
      ) : null}
      {editing ? (
        <SettingsForm
          organisationId={organisationId}
          settings={s}
          onDone={() => {
            setEditing(false);
            setSaved(true);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <SettingsSummary settings={s} />
      )}
    </section>
  );
}

function SettingsSummary({ settings: s }: { settings: LiaisonSettings }) {
  const { t } = useTranslation();
  return (
    <dl className="description-list">
      <div>
        <dt>{t('liaison.settings.uses')}</dt>
        <dd>
          {s.usesTsunagu ? (
            t('liaison.settings.usesYes')
          ) : (
            <Badge tone="warning">{t('liaison.settings.usesNo')}</Badge>
          )}
        </dd>
      </div>
      {s.usesTsunagu ? null : (
        <>
          <div>
            <dt>{t('liaison.settings.channel')}</dt>
            <dd>{t(`liaison.settings.channels.${s.preferredChannel}`)}</dd>
          </div>
          <div>
            <dt>{t('liaison.settings.fax')}</dt>
            <dd>{s.faxNumber ? <PhoneLink number={s.faxNumber} /> : t('common.none')}</dd>
          </div>
          <div>
            <dt>{t('liaison.settings.gateway')}</dt>
            <dd>{s.faxGatewayEmail ?? t('liaison.settings.noGateway')}</dd>
          </div>
          {s.note ? (
            <div>
              <dt>{t('liaison.settings.note')}</dt>
              <dd>{s.note}</dd>
            </div>
          ) : null}
        </>
      )}
      {s.updatedAt ? (
        <div>
          <dt>{t('liaison.settings.updatedAt')}</dt>
          <dd>{formatDateTime(s.updatedAt)}</dd>
        </div>
      ) : null}
    </dl>
  );
}

function SettingsForm({
  organisationId,
  settings,
  onDone,
  onCancel,
}: {
  organisationId: string;
  settings: LiaisonSettings;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const form = useFormProblems(FORM_ID);
  const update = useUpdateLiaisonSettings(organisationId);
  const [notUsing, setNotUsing] = useState(!settings.usesTsunagu);
  const [channel, setChannel] = useState<string>(settings.preferredChannel);
  const [fax, setFax] = useState(settings.faxNumber ?? '');
  const [gateway, setGateway] = useState(settings.faxGatewayEmail ?? '');
  const [note, setNote] = useState(settings.note ?? '');
  const labels = {
    usesTsunagu: t('liaison.settings.notUsing'),
    preferredChannel: t('liaison.settings.channel'),
    faxNumber: t('liaison.settings.fax'),
    faxGatewayEmail: t('liaison.settings.gateway'),
    note: t('liaison.settings.note'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body: UpdateLiaisonSettingsBody = {
      usesTsunagu: !notUsing,
      preferredChannel: channel as UpdateLiaisonSettingsBody['preferredChannel'],
      faxNumber: fax.trim() || null,
      faxGatewayEmail: gateway.trim() || null,
      note: note.trim() || null,
    };
    const errors = await validateAgainst(SettingsSchema, body, labels);
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    update.mutate(body, { onSuccess: onDone, onError: form.failRequest });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack">
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <CheckboxField
        {...form.field('usesTsunagu')}
        label={labels.usesTsunagu}
        checked={notUsing}
        onChange={(e) => setNotUsing(e.target.checked)}
      />
      {notUsing ? (
        <>
          <SelectField
            {...form.field('preferredChannel')}
            label={labels.preferredChannel}
            options={liaisonChannels.map((c) => ({ value: c, label: t(`liaison.settings.channels.${c}`) }))}
            value={channel}
            onChange={(e) => setChannel(e.target.value)}
          />
          <TextField
            {...form.field('faxNumber')}
            className="field--short"
            label={labels.faxNumber}
            hint={t('liaison.settings.faxHint')}
            inputMode="tel"
            autoComplete="off"
            value={fax}
            onChange={(e) => setFax(e.target.value)}
          />
          <TextField
            {...form.field('faxGatewayEmail')}
            label={labels.faxGatewayEmail}
            hint={t('liaison.settings.gatewayHint')}
            type="email"
            autoComplete="off"
            value={gateway}
            onChange={(e) => setGateway(e.target.value)}
          />
          <TextAreaField
            {...form.field('note')}
            label={labels.note}
            hint={t('liaison.settings.noteHint')}
            rows={2}
            maxLength={300}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </>
      ) : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={update.isPending} busyLabel={t('common.saving')}>
          {t('common.save')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
