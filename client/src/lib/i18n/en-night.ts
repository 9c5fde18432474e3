import type { Texts } from './en.ts';
import type { jaNight } from './ja-night.ts';

/** English texts of ja-night.ts. */
export const enNight: Texts<typeof jaNight> = {
  sender: {
    title: 'Who sent it and whom to call back',
    name: 'Sent by',
    organisation: 'Organisation',
    organisationPhone: 'Organisation phone',
    callback: 'Call-back number',
    callLabel: 'Call {{name}}',
    none: 'None registered',
  },
  message: {
    title: 'The message',
    basis: {
      own_organisation: 'Your organisation sent this message.',
      consent: 'Shown within consent.',
      emergency_exception: 'Shown to you as a responder under the emergency exception ({{article}}).',
      break_glass: 'Shown under emergency access (recorded).',
    },
    withheld:
      'The message is outside your organisation’s consent (category: {{category}}). Call back on the number above, or — when needed to protect life or body — use emergency access with a reason.',
    withdrawn: 'This message was withdrawn.',
  },
  disclosure: {
    title: 'Shared under the emergency exception',
    active:
      '{{organisation}} shares the message with responders outside consent under {{article}} (until {{end}}).',
    ended: 'The sharing by {{organisation}} under {{article}} ended at {{end}}.',
    conditions:
      'Conditions confirmed: needed to protect the person’s life or body; the person’s consent is difficult to obtain',
    reason: 'Reason: {{reason}}',
  },
  doNotTell: {
    title: 'There is someone who must not be contacted',
    lead: 'At the person’s wish, tell the following people nothing — not where they are, how to reach them, or how they are supported.',
    anonymous:
      'At the person’s wish, there is someone who must be told nothing. Answer no enquiry; check with the team.',
    entry: '{{name}} ({{relationship}})',
    note: 'Note: {{note}}',
  },
  composer: {
    title: 'Who receives this now',
    loading: 'Checking who receives it…',
    recipient: '{{step}}: {{organisation}} ({{names}})',
    step: { team: 'Team', on_call_primary: 'On call (primary)' },
    canRead: 'Can read “{{category}}”',
    cannotRead: 'Cannot read “{{category}}”: outside consent',
    nobodyNow: 'Nobody can be reached right now; it goes on to the next step.',
    later: 'If nobody responds, then: {{steps}}',
    unreadable:
      'Recipients who cannot read the message get the sender, the phone numbers and the category only.',
    callback: 'Call-back number',
    callbackHint: 'The number the responder calls. Your organisation’s number is filled in.',
    exceptionToggle: 'Also share the message under the emergency exception',
    exceptionLead:
      'Under {{article}}, the message may be shared without the person’s consent when needed to protect life or body. Confirm both conditions and give a reason. It is recorded and the team lead is told (24 hours).',
    exceptionLegend: 'Conditions of the emergency exception',
    protectsLifeOrBody: 'It is needed to protect the person’s life or body',
    consentDifficult: 'The person’s consent is difficult to obtain',
    reason: 'Reason for sharing',
    reasonHint: 'e.g. No answer after a loud noise; the person’s life may be at risk.',
    bothConditions: 'Confirm both conditions.',
    reasonRequired: 'Give a reason.',
  },
  banner: {
    label: 'Urgent cases waiting for you',
    count: '{{priority}}: {{count}} waiting',
    next: ' ({{minutes}} min until {{label}})',
    nextNow: ' (going to {{label}} now)',
    end: ' (end of the chain, nobody has taken it)',
    open: 'See the waiting cases',
    navCount: '{{count}} waiting',
  },
  myDuty: {
    title: 'You are on duty',
    role: { primary: 'On call (primary)', backup: 'On call (backup)' },
    line: '{{role}} for {{organisation}}, until {{time}}',
    phone: 'Duty phone',
    regions: 'Covering: {{regions}}',
  },
  exclusion: {
    flagTitle: 'This may be someone who must not be contacted',
    flag: 'This may be someone the person asked never to be told anything. Tell them nothing about the person.',
    confirm: 'I have checked. Save anyway',
    callerFlag: 'May be someone who must not be contacted',
  },
  handover: {
    addendum: 'Addendum',
    addendumTitle: 'Addendum to the handover of {{time}}',
    addendumLead: 'Off-hours events recorded after this handover was gathered.',
  },
};
