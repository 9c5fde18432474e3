import type { Deps } from '../../platform/deps.ts';
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
  }: {
    messages: MessagesService;
    information: InformationService;
    notifications: NotificationsService;
    /** For a sheet made from a plan in force (計画の抜粋). */
    plans?: Pick<PlansService, 'get'>;
  },
) {
  const access = createSheetAccess(deps);
  const view = createSheetView(deps, access);
  const settleReply = createReplySettling(deps, { messages });
  const contacts = createContactLogService(deps, { information });
  registerLiaisonJobs(deps, { notifications, access, view });
  return {
    settings: createLiaisonSettingsService(deps),
    sheets: createSheetsService(deps, { messages, plans, access, view }),
    replies: createRepliesService(deps, { access, view, settleReply, contacts }),
    guest: createGuestService(deps, { access, settleReply }),
    contacts,
  };
}

export type LiaisonService = ReturnType<typeof createLiaisonService>;
