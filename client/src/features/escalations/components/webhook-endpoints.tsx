import type { CreateWebhookBody } from '@tsunagu/contract';
import { CreateWebhookBody as CreateWebhookSchema } from '@tsunagu/contract/off-hours';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { LoadError, Loading, Notice } from '../../../components/ui/notice.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { messageOf, validateAgainst } from '../../../lib/validation.ts';
import { useCreateWebhook, useDisableWebhook, webhooksQueryOptions } from '../api/escalations.ts';

const FORM_ID = 'webhook';

/** A random signing secret, so nobody types a weak one. */
function randomSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function CreateWebhookForm({
  organisationId,
  organisationName,
  isSystemAdmin,
}: {
  organisationId: string | null;
  organisationName: string | null;
  isSystemAdmin: boolean;
}) {
  const { t } = useTranslation();
  const create = useCreateWebhook();
  const form = useFormProblems(FORM_ID);
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState(randomSecret);
  const [description, setDescription] = useState('');
  const [owner, setOwner] = useState(organisationId ? 'organisation' : 'installation');
  const [created, setCreated] = useState<string | null>(null);
  const labels = {
    url: t('offHours.webhooks.url'),
    secret: t('offHours.webhooks.secret'),
    description: t('offHours.webhooks.description'),
  };
  async function submit(e: FormEvent) {
    e.preventDefault();
    setCreated(null);
    const body: CreateWebhookBody = {
      url: url.trim(),
      secret: secret.trim(),
      description: description.trim(),
      ...(owner === 'organisation' && organisationId ? { organisationId } : {}),
    };
    const errors = await validateAgainst(CreateWebhookSchema, body, labels);
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    create.mutate(body, {
      onSuccess: () => {
        setCreated(secret);
        setUrl('');
        setDescription('');
        setSecret(randomSecret());
      },
      onError: form.failRequest,
    });
  }
  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack form-medium">
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      {created ? (
        <Notice tone="success" title={t('offHours.webhooks.created')}>
          <p>{t('offHours.webhooks.secretOnce')}</p>
          <p className="mono break">{created}</p>
        </Notice>
      ) : null}
      {isSystemAdmin && organisationId ? (
        <RadioGroup
          id={`${FORM_ID}-owner`}
          legend={t('offHours.webhooks.owner')}
          options={[
            { value: 'organisation', label: organisationName ?? '' },
            { value: 'installation', label: t('offHours.webhooks.installation') },
          ]}
          value={owner}
          onChange={setOwner}
        />
      ) : null}
      <TextField
        {...form.field('url')}
        type="url"
        required
        maxLength={500}
        label={labels.url}
        hint={t('offHours.webhooks.urlHint')}
        value={url}
        onChange={(e) => setUrl(e.target.value)}
      />
      <TextField
        {...form.field('description')}
        required
        maxLength={100}
        label={labels.description}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <TextField
        {...form.field('secret')}
        required
        maxLength={200}
        className="mono"
        label={labels.secret}
        hint={t('offHours.webhooks.secretHint')}
        autoComplete="off"
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
      />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={create.isPending} busyLabel={t('common.saving')}>
          {t('offHours.webhooks.create')}
        </Button>
      </div>
    </form>
  );
}

/** Webhook 送り先: the SMS / voice gateways that hear of each escalation step (signed with HMAC). */
export function WebhookEndpoints({
  organisationId,
  organisationName,
  isSystemAdmin,
}: {
  organisationId: string | null;
  organisationName: string | null;
  isSystemAdmin: boolean;
}) {
  const { t } = useTranslation();
  const webhooks = useQuery(webhooksQueryOptions);
  const disable = useDisableWebhook();
  return (
    <div className="stack stack--large">
      <section className="panel stack" aria-labelledby="webhooks-list-title">
        <h2 id="webhooks-list-title" className="panel__title">
          {t('offHours.webhooks.listTitle')}
        </h2>
        {webhooks.isPending ? <Loading /> : null}
        {webhooks.isError ? (
          <LoadError error={webhooks.error} onRetry={() => void webhooks.refetch()} />
        ) : null}
        {disable.isError ? <Notice tone="error">{messageOf(disable.error)}</Notice> : null}
        {webhooks.data ? (
          webhooks.data.endpoints.length ? (
            <ul className="card-list">
              {webhooks.data.endpoints.map((w) => (
                <li key={w.id} className="card stack stack--tight">
                  <p className="badge-row">
                    {w.enabled ? (
                      <Badge tone="success">{t('offHours.webhooks.enabled')}</Badge>
                    ) : (
                      <Badge>{t('offHours.webhooks.disabled')}</Badge>
                    )}
                    <strong>{w.description}</strong>
                  </p>
                  <p className="mono break">{w.url}</p>
                  <p className="muted">
                    {w.organisationId ? null : `${t('offHours.webhooks.installation')}・`}
                    {formatDateTime(w.createdAt)}
                  </p>
                  {w.enabled ? (
                    <div>
                      <Button
                        small
                        variant="danger"
                        busy={disable.isPending && disable.variables === w.id}
                        busyLabel={t('common.saving')}
                        onClick={() => disable.mutate(w.id)}
                        aria-label={t('offHours.webhooks.disableLabel', { description: w.description })}
                      >
                        {t('offHours.webhooks.disable')}
                      </Button>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('offHours.webhooks.none')}</p>
          )
        ) : null}
      </section>
      <section className="panel stack" aria-labelledby="webhooks-new-title">
        <h2 id="webhooks-new-title" className="panel__title">
          {t('offHours.webhooks.newTitle')}
        </h2>
        <CreateWebhookForm
          organisationId={organisationId}
          organisationName={organisationName}
          isSystemAdmin={isSystemAdmin}
        />
      </section>
    </div>
  );
}
