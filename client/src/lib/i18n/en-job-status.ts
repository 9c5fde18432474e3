import type { jaJobStatus } from './ja-job-status.ts';
import type { Texts } from './en.ts';

/** Background work status (system administrators). */
export const enJobStatus: Texts<typeof jaJobStatus> = {
  title: 'Background work',
  lead: 'What the server does in the background: escalation steps, push and webhook deliveries, e-mail and more. System administrators are told at once of work that failed or that did not finish in time.',
  reload: 'Load the latest status',
  troubledTitle: 'Failed and overdue work',
  troubledLead:
    '“Failed” has used up its attempts; “overdue” has run past its time limit and is still held (a server restart runs it again). Failed work is listed for 30 days.',
  noTrouble: 'Nothing has failed and nothing is overdue.',
  countsTitle: 'Jobs by kind',
  countsLead: 'As of {{time}}. Finished jobs are kept for 7 days, failed ones for 30 days.',
  noJobs: 'No jobs yet.',
  queue: 'Kind',
  state: 'State',
  key: 'Key',
  attempts: 'Attempts',
  attemptsOf: '{{attempts}} of {{max}}',
  lastError: 'Last error',
  times: 'Times',
  createdAt: 'Queued {{time}}',
  startedAt: 'Started {{time}}',
  finishedAt: 'Ended {{time}}',
  overdueAt: 'Overdue since {{time}}',
  states: {
    queued: 'Waiting',
    running: 'Running',
    overdue: 'Overdue',
    done: 'Done',
    failed: 'Failed',
  },
  queues: {
    escalation: 'Escalation steps',
    webhook: 'SMS and voice gateway deliveries',
    push: 'Push notifications',
    'job.alert': 'Notices to administrators',
    housekeeping: 'Pruning old records',
    'email.notification': 'Notification e-mail',
    'email.digest': 'Digest e-mail',
    'email.account_change': 'Account change e-mail',
    handover: 'Handover preparation',
  },
};
