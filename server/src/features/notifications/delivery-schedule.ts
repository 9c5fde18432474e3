import type { MessagePriority } from '@tsunagu/contract';
import { addDays, minutesOf, tokyoDate, tokyoInstant, tokyoMinutes } from '../../platform/tokyo-time.ts';

/**
 * When an e-mail about a notification goes out, from a staff member's preference: at once,
 * in a daily digest, or never; quiet hours postpone it to their end, except 緊急 (emergency)
 * and every escalation step (`atOnce`: an on-call 至急 at 2:00 must not wait for 7:00), which
 * override quiet hours and digests alike. Times are Asia/Tokyo wall-clock times.
 */
export interface EmailPreference {
  emailMode: 'immediate' | 'digest' | 'never';
  quietStart: string | null; // 'HH:MM[:SS]'
  quietEnd: string | null;
  digestTime: string;
}

export const DEFAULT_PREFERENCE: EmailPreference = {
  emailMode: 'immediate',
  quietStart: null,
  quietEnd: null,
  digestTime: '08:00',
};

/** Whether `at` falls in the quiet hours (which may run past midnight, e.g. 21:00–07:00). */
export function inQuietHours(p: EmailPreference, at: Date): boolean {
  if (!p.quietStart || !p.quietEnd) return false;
  const now = tokyoMinutes(at);
  const start = minutesOf(p.quietStart);
  const end = minutesOf(p.quietEnd);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The next instant at or after `at` with the given Tokyo wall-clock time. */
export function nextTokyoTime(hhmm: string, at: Date): Date {
  const target = minutesOf(hhmm);
  const today = tokyoDate(at);
  return tokyoInstant(target > tokyoMinutes(at) ? today : addDays(today, 1), target);
}

export type EmailPlan =
  { kind: 'none' } | { kind: 'now' } | { kind: 'at'; at: Date } | { kind: 'digest'; at: Date };

export function planEmail(
  p: EmailPreference,
  priority: MessagePriority,
  at: Date,
  atOnce = false,
): EmailPlan {
  if (p.emailMode === 'never') return { kind: 'none' };
  if (priority === 'emergency' || atOnce) return { kind: 'now' };
  if (p.emailMode === 'digest') {
    let when = nextTokyoTime(p.digestTime, at);
    if (inQuietHours(p, when) && p.quietEnd) when = nextTokyoTime(p.quietEnd, when);
    return { kind: 'digest', at: when };
  }
  if (inQuietHours(p, at) && p.quietEnd) return { kind: 'at', at: nextTokyoTime(p.quietEnd, at) };
  return { kind: 'now' };
}
