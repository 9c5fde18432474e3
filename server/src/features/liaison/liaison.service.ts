import type { Deps } from '../../platform/deps.ts';
import type { ExclusionsService } from '../exclusions/exclusions.service.ts';
import type { InformationService } from '../information/information.service.ts';
import type { MessagesService } from '../messages/messages.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { PlansService } from '../plans/plans.service.ts';
import { createContactLogService } from './contact-log.service.ts';
import { createGuestService } from './liaison-guest.service.ts';
import { registerLiaisonJobs } from './liaison-jobs.ts';
import { createRepliesService } from './liaison-replies.service.ts';
import { createLiaisonSettingsService } from './liaison-settings.service.ts';
import { createSheetsService } from './liaison-sheets.service.ts';
import { createSheetAccess } from './sheet-access.ts';
import { createSheetView } from './sheet-view.ts';
import { createReplySettling } from './settle-reply.ts';

/**
 * 連携シート・連絡記録 for organisations without tsunagu, in its parts: how an organisation is
 * reached (settings), the sheets (create, print, FAX, reissue), replies recorded by hand and the
 * outstanding list (replies), the guest link with its PIN (guest), the contact log (contacts),
 * and the background jobs (FAX gateway, PIN by SMS, overdue reminders).
 */
export function createLiaisonService(
  deps: Deps,
  {
    messages,
    information,
    notifications,
    plans,
    exclusions,
  }: {
    messages: MessagesService;
    information: InformationService;
    notifications: NotificationsService;
    /** 一切伝えてはいけない人: a recipient or counterpart who may be one is flagged before saving. */
    exclusions: Pick<ExclusionsService, 'guard'>;
    /** For a sheet made from a plan in force (計画の抜粋). */
    plans?: Pick<PlansService, 'get'>;
  },
) {
  const access = createSheetAccess(deps);
  const view = createSheetView(deps, access);
  const settleReply = createReplySettling(deps, { messages });
  const contacts = createContactLogService(deps, { information, exclusions });
  registerLiaisonJobs(deps, { notifications, view });
  return {
    settings: createLiaisonSettingsService(deps),
    sheets: createSheetsService(deps, { messages, plans, access, view, exclusions }),
    replies: createRepliesService(deps, { access, view, settleReply, contacts }),
    guest: createGuestService(deps, { access, settleReply }),
    contacts,
  };
}

export type LiaisonService = ReturnType<typeof createLiaisonService>;
