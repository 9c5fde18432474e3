import { useTranslation } from 'react-i18next';
import { Notice } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { EscalationChainEditor } from '../../features/escalations/components/escalation-chain-editor.tsx';
import { WebhookEndpoints } from '../../features/escalations/components/webhook-endpoints.tsx';
import { useRegionChoices } from '../region-choices.ts';
import { useSignedInSession } from '../session-gate.tsx';
import { SettingsEyebrow } from './settings.tsx';

/** 連絡網の設定 (system administrators). */
export function EscalationChainRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const regions = useRegionChoices();
  return (
    <>
      <PageHeader
        title={t('offHours.chain.title')}
        eyebrow={<SettingsEyebrow />}
        lead={<p>{t('offHours.chain.lead')}</p>}
      />
      {session.user.isSystemAdmin ? (
        <EscalationChainEditor
          regions={regions.choices.map((r) => ({
            id: r.id,
            label: `${'　'.repeat(r.depth)}${r.name}${t('common.paren', { text: r.levelLabel })}`,
          }))}
        />
      ) : (
        <Notice tone="error">{t('errors.forbidden')}</Notice>
      )}
    </>
  );
}

/** Webhook の送り先 (an organisation's admins; system administrators also the installation's). */
export function WebhooksRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const active = session.memberships.find((m) => m.organisationId === session.activeOrganisationId);
  return (
    <>
      <PageHeader
        title={t('offHours.webhooks.title')}
        eyebrow={<SettingsEyebrow />}
        lead={<p>{t('offHours.webhooks.lead')}</p>}
      />
      <WebhookEndpoints
        organisationId={session.activeOrganisationId}
        organisationName={active?.organisationName ?? null}
        isSystemAdmin={session.user.isSystemAdmin}
      />
    </>
  );
}
