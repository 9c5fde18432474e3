import { allows } from '../../platform/access/policy.ts';
import { open as openSealed } from '../../platform/auth/secret-box.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Job, JobRun } from '../../platform/jobs/job-queue.ts';
import { tokyoDate } from '../../platform/tokyo-time.ts';
import { postWebhook } from '../../platform/webhooks/webhook.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import * as deliveries from './liaison-delivery.repository.ts';
import * as repo from './liaison.repository.ts';
import { sheetResource } from './sheet-access.ts';
import type { SheetView } from './sheet-view.ts';

/** The sheet's PDF to the recipient's e-mail-to-FAX gateway (payload: deliveryId). */
export const FAX_QUEUE = 'liaison.fax';
/** The PIN by SMS through a webhook gateway (payload: deliveryId, endpointId, the PIN sealed). */
export const SMS_QUEUE = 'liaison.sms';
/** The reminder the morning after a sheet's reply date (payload: sheetId). */
export const OVERDUE_QUEUE = 'liaison.overdue';

/**
 * The liaison feature's background work, as durable jobs: delivering a sheet to the FAX gateway,
 * its PIN by SMS, and the reminder when a reply is overdue. Each job checks again what may have
 * changed since it was queued (the gateway address, the consent, a reply in the meantime).
 */
export function registerLiaisonJobs(
  deps: Deps,
  {
    notifications,
    view,
  }: {
    notifications: NotificationsService;
    view: Pick<SheetView, 'renderSheet'>;
  },
): void {
  const { db, clock, config, jobs, mailer } = deps;
  const key = config.encryptionKey;

  jobs.register(FAX_QUEUE, {
    purpose: '連携シートをメールFAXの宛先へ送る',
    maxAttempts: 12,
    backoffMs: (n) => Math.min(30 * 60_000, 30_000 * 2 ** (n - 1)),
    async handler(job: Job, run: JobRun) {
      const deliveryId = String(job.payload.deliveryId);
      const delivery = await deliveries.findDelivery(db, deliveryId);
      if (!delivery || delivery.status !== 'queued') return;
      const facts = await repo.findSheetFacts(db, { id: delivery.sheetId }, tokyoDate(clock.now()));
      if (!facts) return;
      const gateway = await repo.organisationContact(db, facts.recipientOrganisationId);
      // Only to the gateway an administrator registered, and only while the policy lets the system
      // deliver it (consent still covers the content for the recipient).
      const stillRegistered = gateway?.faxGatewayEmail === delivery.toAddress;
      const stillConsented = allows(run.context, 'liaison_sheet.deliver', sheetResource(facts, null));
      if (!stillRegistered || !stillConsented) {
        await run.transaction(async (trx) => {
          await deliveries.settleDelivery(trx, deliveryId, {
            ok: false,
            error: stillRegistered ? 'consent no longer covers the content' : 'gateway address changed',
            final: true,
            now: clock.now(),
          });
          await recordAudit(trx, run.context, {
            action: 'liaison.fax_send',
            outcome: 'denied',
            targetType: 'liaison_sheet',
            targetId: facts.id,
            personId: facts.personId,
            details: { deliveryId, reason: stillRegistered ? 'consent' : 'gateway_changed' },
          });
        });
        return;
      }
      const { pdf, replyCode } = await view.renderSheet(facts.id);
      try {
        await mailer.send({
          to: delivery.toAddress!,
          // The PDF is the only carrier of personal data: subject and body name none.
          subject: `つなぐ 連携シート（返信コード ${replyCode}）`,
          text: [
            'つなぐから連携シートをお送りします。添付のPDFをご覧ください。',
            'ご返信の方法はシートに記載しています。',
            '',
            'このメールの件名と本文には個人情報を含めていません。',
          ].join('\n'),
          messageId: `<${job.key}@tsunagu>`,
          attachments: [
            {
              filename: `renkei-sheet-${replyCode}.pdf`,
              content: Buffer.from(pdf),
              contentType: 'application/pdf',
            },
          ],
        });
      } catch (error) {
        await deliveries.settleDelivery(db, deliveryId, {
          ok: false,
          error: error instanceof Error ? error.message.slice(0, 300) : 'unknown error',
          final: job.attempts >= job.maxAttempts,
          now: clock.now(),
        });
        throw error;
      }
      // Recorded whatever the job's signal says: the sheet went out, and a retry must not send it again.
      await db.transaction().execute(async (trx) => {
        await deliveries.settleDelivery(trx, deliveryId, {
          ok: true,
          error: null,
          final: true,
          now: clock.now(),
        });
        await recordAudit(trx, run.context, {
          action: 'liaison.fax_sent',
          targetType: 'liaison_sheet',
          targetId: facts.id,
          personId: facts.personId,
          details: { deliveryId, to: delivery.toAddress },
        });
      });
    },
  });

  jobs.register(SMS_QUEUE, {
    purpose: '連携シートの暗証番号をSMSで送る',
    maxAttempts: 8,
    backoffMs: (n) => Math.min(5 * 60_000, 5_000 * 2 ** (n - 1)),
    async handler(job: Job, run: JobRun) {
      const { deliveryId, endpointId, pinSealed } = job.payload as {
        deliveryId: string;
        endpointId: string;
        pinSealed: string;
      };
      const delivery = await deliveries.findDelivery(db, deliveryId);
      if (!delivery || delivery.status !== 'queued') return;
      const endpoint = await deliveries.findSmsEndpoint(db, endpointId);
      if (!endpoint?.enabled) {
        await deliveries.settleDelivery(db, deliveryId, {
          ok: false,
          error: 'endpoint disabled',
          final: true,
          now: clock.now(),
        });
        return;
      }
      const attempt = await postWebhook(
        endpoint.url,
        openSealed(key, endpoint.secretSealed),
        deliveryId,
        {
          id: deliveryId,
          event: 'liaison.pin',
          recipient: { phone: delivery.toAddress },
          // A PIN and where to use it are not personal data; the sheet itself is on paper.
          text: `つなぐ連携シートの暗証番号: ${openSealed(key, pinSealed)}（シートのQRコードから開いて入力してください）`,
        },
        new Date(),
        config.outbound,
        { signal: run.signal },
      );
      const ok = attempt.error === null;
      await deliveries.settleDelivery(db, deliveryId, {
        ok,
        error: attempt.error,
        final: ok || job.attempts >= job.maxAttempts,
        now: clock.now(),
      });
      if (!ok) throw new Error(`liaison sms ${deliveryId}: ${attempt.error ?? 'failed'}`);
    },
  });

  jobs.register(OVERDUE_QUEUE, {
    purpose: '返信期限を過ぎた連携シートを送った人に知らせる',
    maxAttempts: 10,
    async handler(job: Job, run: JobRun) {
      const sheetId = String(job.payload.sheetId);
      const facts = await repo.findSheetFacts(db, { id: sheetId }, tokyoDate(clock.now()));
      if (
        !facts ||
        facts.remindedAt ||
        !allows(run.context, 'liaison_sheet.remind', sheetResource(facts, null))
      )
        return;
      await run.transaction(async (trx) => {
        const marked = await repo.markReminded(trx, sheetId, clock.now());
        if (Number(marked.numUpdatedRows) !== 1) return;
        // The sender; if their account is gone, the sending organisation's staff.
        const users = facts.senderUserId
          ? [facts.senderUserId]
          : await repo.organisationStaff(trx, facts.senderOrganisationId);
        const recipient = await repo.organisationContact(trx, facts.recipientOrganisationId);
        await notifications.notify(trx, run.context, users, {
          kind: 'liaison_overdue',
          personId: facts.personId,
          subjectId: sheetId,
          payload: {
            replyCode: facts.replyCode,
            replyBy: facts.replyBy,
            recipientOrganisationName: recipient?.name ?? '',
          },
        });
        await recordAudit(trx, run.context, {
          action: 'liaison.reminder',
          targetType: 'liaison_sheet',
          targetId: sheetId,
          personId: facts.personId,
          details: { notified: users.length },
        });
      });
    },
  });
}
