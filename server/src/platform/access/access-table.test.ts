import { describe, expect, it } from 'vitest';
import type { InformationCategory } from '@tsunagu/contract';
import { systemContext, type Context } from '../context.ts';
import type { Actor } from './actor.ts';
import { toPersonAccess, type PersonAccess } from './person-access.ts';
import { allows, type Action, type Resource } from './policy.ts';
import { resourceActions } from './resource-policies.ts';
import { messageBasis, type UrgentCaseResource } from './urgent-case-policy.ts';

/**
 * Who sees what, as one table (issue 17): urgent cases, consultations, handovers, liaison sheets
 * and contact-log entries, each action of each, for every kind of one who asks — staff of the
 * person's team, staff of the team outside consent, staff on duty where a case was sent, the
 * region's 基幹, an organisation admin, a system admin, the organisation that asked, and a job.
 */

const TEAM = 'org-team'; // on the team; consent for identity, crisis and daily living
const OUTSIDE = 'org-outside'; // on the team; no consent at all
const ASKER = 'org-asker'; // the group home that sends the case; on the team with consent
const KYOTEN = 'org-kyoten'; // the 拠点 a case was sent to; not on the team
const KIKAN = 'org-kikan'; // the 基幹 of the person's region; not on the team
const ELSEWHERE = 'org-elsewhere'; // an organisation with no part in it

const who = ['team', 'outside', 'onDuty', 'kikan', 'orgAdmin', 'sysAdmin', 'asker', 'job'] as const;
type Who = (typeof who)[number];

function staff(name: Who, organisationId: string | null, role: 'staff' | 'org_admin' = 'staff'): Actor {
  return {
    userId: `user-${name}`,
    displayName: name,
    isSystemAdmin: name === 'sysAdmin',
    organisationId,
    role: organisationId ? role : null,
    memberships: organisationId
      ? [{ organisationId, organisationName: organisationId, role, profession: 'clerk' }]
      : [],
    sessionIdHash: 'x',
  };
}

const actors: Record<Exclude<Who, 'job'>, Actor> = {
  team: staff('team', TEAM),
  outside: staff('outside', OUTSIDE),
  onDuty: staff('onDuty', KYOTEN),
  kikan: staff('kikan', KIKAN),
  orgAdmin: staff('orgAdmin', ELSEWHERE, 'org_admin'),
  sysAdmin: staff('sysAdmin', null),
  asker: staff('asker', ASKER),
};

const contextOf = (w: Who): Context =>
  w === 'job'
    ? systemContext('escalation', 'tests of the access table', 'job-key')
    : { kind: 'request', actor: actors[w], ip: null, requestId: 'r', userAgent: null };

/** The person's team and consent, who was reached, who is on duty where a case was sent, who opened break-glass. */
interface World {
  team: string[];
  grants: Record<string, InformationCategory[]>;
  breakGlass: Who[];
  reached: Who[];
  onDutyWhereSent: Who[];
}

const world: World = {
  team: [TEAM, OUTSIDE, ASKER],
  grants: { [TEAM]: ['identity', 'crisis', 'daily_living'], [ASKER]: ['identity', 'crisis', 'daily_living'] },
  breakGlass: [],
  reached: [],
  onDutyWhereSent: ['onDuty'],
};
/** The same world after the 拠点's coordinator on duty opened break-glass (緊急時の閲覧). */
const afterBreakGlass: World = { ...world, breakGlass: ['onDuty'] };
/** The 基幹's staff member opened break-glass. */
const kikanBreakGlass: World = { ...world, breakGlass: ['kikan'] };

/** What `loadPersonAccess` would read for this actor in this world. */
function accessOf(w: Exclude<Who, 'job'>, inWorld: World): PersonAccess {
  const organisationId = actors[w].organisationId;
  const onTeam = organisationId !== null && inWorld.team.includes(organisationId);
  return toPersonAccess({
    id: 'person',
    onTeam,
    isLead: false,
    registeredByUs: false,
    emergencyUntil: inWorld.breakGlass.includes(w) ? new Date('2026-12-01T04:00:00Z') : null,
    granted: onTeam && organisationId ? (inWorld.grants[organisationId] ?? []) : [],
  });
}

/** A resource as it is loaded for one who asks (the system gets the row only). */
type ResourceFor = (w: Who) => Resource;

function urgentCase(
  o: {
    status?: UrgentCaseResource['status'];
    priority?: UrgentCaseResource['priority'];
    hasPerson?: boolean;
    exceptionActive?: boolean;
    inWorld?: World;
  } = {},
): ResourceFor {
  const inWorld = o.inWorld ?? world;
  const hasPerson = o.hasPerson ?? true;
  return (w) => ({
    kind: 'urgent_case',
    status: o.status ?? 'open',
    priority: o.priority ?? 'emergency',
    openedByOrganisationId: ASKER,
    hasPerson,
    category: 'daily_living',
    view:
      w === 'job'
        ? null
        : {
            overseeingOrganisationIds: [KIKAN],
            exceptionActive: o.exceptionActive ?? false,
            reached: inWorld.reached.includes(w),
            onDutyWhereSent: inWorld.onDutyWhereSent.includes(w),
            onTeam: hasPerson && inWorld.team.includes(actors[w].organisationId ?? ''),
            person: hasPerson ? accessOf(w, inWorld) : null,
          },
  });
}

function consultation(o: {
  takenBy: string | null;
  followUpBy?: string;
  hasPerson?: boolean;
  inWorld?: World;
}): ResourceFor {
  const hasPerson = o.hasPerson ?? true;
  return (w) => ({
    kind: 'consultation',
    organisationId: o.takenBy,
    followUpOrganisationId: o.followUpBy ?? null,
    hasPerson,
    person: hasPerson && w !== 'job' ? accessOf(w, o.inWorld ?? world) : null,
  });
}

const handover =
  (organisationId: string): ResourceFor =>
  () => ({ kind: 'handover', organisationId });

function sheet(o: {
  sender: string;
  category?: InformationCategory;
  status?: 'awaiting' | 'replied' | 'cancelled';
  recipientCovered?: boolean;
  inWorld?: World;
}): ResourceFor {
  return (w) => ({
    kind: 'liaison_sheet',
    senderOrganisationId: o.sender,
    category: o.category ?? 'daily_living',
    status: o.status ?? 'awaiting',
    recipientCovered: o.recipientCovered ?? true,
    person: w === 'job' ? null : accessOf(w, o.inWorld ?? world),
  });
}

/** A contact-log entry, or (recordedBy: null) one the reader is about to record. */
function contactEntry(o: { category: InformationCategory; recordedBy: string | null }): ResourceFor {
  return (w) => ({
    kind: 'contact_entry',
    category: o.category,
    recordedByOrganisationId: o.recordedBy ?? (w === 'job' ? null : actors[w].organisationId),
    person: accessOf(w === 'job' ? 'sysAdmin' : w, world),
  });
}

/** The person, to make a sheet from something of a category (the sheet does not exist yet). */
const personFor =
  (category: InformationCategory): ResourceFor =>
  (w) => ({ kind: 'person', access: accessOf(w === 'job' ? 'sysAdmin' : w, world), category });

// [action, on what, who may]: everyone not named is refused.
const table: [Action, string, ResourceFor, Who[]][] = [
  // 至急・緊急の連絡 (urgent cases), open, about a known person, under 生活 (daily living).
  ['urgent_case.read', 'an open case', urgentCase(), ['team', 'outside', 'onDuty', 'asker']],
  ['urgent_case.read_message', 'an open case', urgentCase(), ['team', 'asker']],
  ['urgent_case.read_operational', 'an open case', urgentCase(), ['kikan', 'sysAdmin']],
  ['urgent_case.acknowledge', 'an open case', urgentCase(), ['team', 'outside', 'onDuty']],
  ['urgent_case.cancel', 'an open case', urgentCase(), ['asker']],
  ['urgent_case.break_glass', 'an open case', urgentCase(), ['onDuty']],
  ['urgent_case.escalate', 'an open case', urgentCase(), ['job']],
  ['urgent_case.disclose', 'a 緊急 case', urgentCase(), ['asker']],
  ['urgent_case.disclose', 'a 至急 case', urgentCase({ priority: 'urgent' }), []],
  ['urgent_case.disclose', 'a 緊急 case about someone not known', urgentCase({ hasPerson: false }), []],
  ['urgent_case.escalate', 'an acknowledged case', urgentCase({ status: 'acknowledged' }), []],
  ['urgent_case.escalate', 'a case at the end of its chain', urgentCase({ status: 'exhausted' }), []],
  // 緊急時の例外: the words go to its responders too, not to the team outside consent.
  [
    'urgent_case.read_message',
    'a case under the emergency exception',
    urgentCase({ exceptionActive: true }),
    ['team', 'onDuty', 'asker'],
  ],
  // 本人不明: no team and no consent to keep to.
  [
    'urgent_case.read',
    'a case about someone not known',
    urgentCase({ hasPerson: false }),
    ['onDuty', 'asker'],
  ],
  [
    'urgent_case.read_message',
    'a case about someone not known',
    urgentCase({ hasPerson: false }),
    ['onDuty', 'asker'],
  ],
  ['urgent_case.break_glass', 'a case about someone not known', urgentCase({ hasPerson: false }), []],
  // The 基幹 with break-glass for the person reads the case itself, not only its routing.
  [
    'urgent_case.read',
    'a case the 基幹 opened break-glass for',
    urgentCase({ inWorld: kikanBreakGlass }),
    ['team', 'outside', 'onDuty', 'kikan', 'asker'],
  ],
  [
    'urgent_case.read_message',
    'a case the 基幹 opened break-glass for',
    urgentCase({ inWorld: kikanBreakGlass }),
    ['team', 'kikan', 'asker'],
  ],
  [
    'urgent_case.read_message',
    'a case the one on duty opened break-glass for',
    urgentCase({ inWorld: afterBreakGlass }),
    ['team', 'onDuty', 'asker'],
  ],

  // 相談対応記録 (consultations).
  ['consultation.record', 'about the person', consultation({ takenBy: null }), ['team', 'asker']],
  [
    'consultation.record',
    'about someone not known',
    consultation({ takenBy: null, hasPerson: false }),
    ['team', 'outside', 'onDuty', 'kikan', 'orgAdmin', 'asker'],
  ],
  ['consultation.read', 'taken by the 拠点', consultation({ takenBy: KYOTEN }), ['team', 'onDuty', 'asker']],
  [
    'consultation.read',
    'taken by the 拠点, for the 基幹 to follow up',
    consultation({ takenBy: KYOTEN, followUpBy: KIKAN }),
    ['team', 'onDuty', 'kikan', 'asker'],
  ],
  [
    'consultation.read',
    'taken by the 拠点 about someone not known',
    consultation({ takenBy: KYOTEN, hasPerson: false }),
    ['onDuty'],
  ],
  [
    'consultation.read',
    'taken by the 基幹, read by one under break-glass',
    consultation({ takenBy: KIKAN, inWorld: afterBreakGlass }),
    ['team', 'onDuty', 'kikan', 'asker'],
  ],

  // 申し送り (handovers): an organisation's own.
  ['handover.read', 'to the team’s lead', handover(TEAM), ['team']],
  ['handover.confirm', 'to the team’s lead', handover(TEAM), ['team']],
  ['handover.read', 'to an organisation the admin runs', handover(ELSEWHERE), ['orgAdmin']],
  ['handover.gather', 'to the team’s lead', handover(TEAM), ['job']],

  // 連携シート (liaison sheets): made from what the maker may read, by a team member.
  ['liaison.send', 'the person, from 生活', personFor('daily_living'), ['team', 'asker']],
  ['liaison_sheet.read', 'sent by the team under 生活', sheet({ sender: TEAM }), ['team', 'asker']],
  ['liaison_sheet.send', 'sent by the team under 生活', sheet({ sender: TEAM }), ['team', 'asker']],
  ['liaison_sheet.record_reply', 'sent by the team under 生活', sheet({ sender: TEAM }), ['team']],
  ['liaison_sheet.deliver', 'sent by the team under 生活', sheet({ sender: TEAM }), ['job']],
  ['liaison_sheet.remind', 'sent by the team under 生活', sheet({ sender: TEAM }), ['job']],
  [
    'liaison_sheet.read',
    'sent by the team under 医療',
    sheet({ sender: TEAM, category: 'medical' }),
    ['team'],
  ],
  [
    'liaison_sheet.send',
    'read under break-glass',
    sheet({ sender: TEAM, inWorld: afterBreakGlass }),
    ['team', 'asker'],
  ],
  [
    'liaison_sheet.read',
    'read under break-glass',
    sheet({ sender: TEAM, inWorld: afterBreakGlass }),
    ['team', 'onDuty', 'asker'],
  ],
  [
    'liaison_sheet.deliver',
    'whose recipient consent no longer covers',
    sheet({ sender: TEAM, recipientCovered: false }),
    [],
  ],
  ['liaison_sheet.remind', 'already replied to', sheet({ sender: TEAM, status: 'replied' }), []],

  // 連絡記録 (contact-log entries).
  [
    'contact_entry.record',
    'under 生活',
    contactEntry({ category: 'daily_living', recordedBy: null }),
    ['team', 'asker'],
  ],
  [
    'contact_entry.read',
    'recorded by the team under 生活',
    contactEntry({ category: 'daily_living', recordedBy: TEAM }),
    ['team', 'asker'],
  ],
  [
    'contact_entry.read',
    'recorded by the team under 医療',
    contactEntry({ category: 'medical', recordedBy: TEAM }),
    ['team'],
  ],
];

describe('who sees what: the access table', () => {
  it.each(table)('%s on %s', (action, _what, resourceFor, allowed) => {
    const decided = who.filter((w) => allows(contextOf(w), action, resourceFor(w)));
    expect(decided).toEqual(who.filter((w) => allowed.includes(w)));
  });

  it('covers every action of these resources', () => {
    const covered = new Set(table.map(([action]) => action));
    expect(resourceActions.filter((a) => !covered.has(a))).toEqual([]);
  });

  it('refuses a request without an actor (before sign-in, a guest link) everything', () => {
    const anonymous: Context = { kind: 'request', actor: null, ip: null, requestId: 'r', userAgent: null };
    for (const [action, , resourceFor] of table)
      for (const w of who) expect(allows(anonymous, action, resourceFor(w))).toBe(false);
  });

  it('refuses an action of one resource on another', () => {
    expect(allows(contextOf('team'), 'handover.read', sheet({ sender: TEAM })('team'))).toBe(false);
    expect(allows(contextOf('job'), 'urgent_case.escalate', handover(TEAM)('job'))).toBe(false);
  });
});

describe('on what basis the case page shows the words', () => {
  const bases: [string, ResourceFor, Partial<Record<Exclude<Who, 'job'>, string | null>>][] = [
    [
      'an open case',
      urgentCase(),
      { team: 'consent', outside: null, onDuty: null, asker: 'own_organisation', kikan: null },
    ],
    [
      'under the emergency exception',
      urgentCase({ exceptionActive: true }),
      { team: 'consent', outside: null, onDuty: 'emergency_exception', asker: 'own_organisation' },
    ],
    ['after break-glass', urgentCase({ inWorld: afterBreakGlass }), { onDuty: 'break_glass', outside: null }],
    ['about someone not known', urgentCase({ hasPerson: false }), { onDuty: 'consent', team: null }],
  ];
  it.each(bases)('%s', (_what, resourceFor, expected) => {
    for (const [w, basis] of Object.entries(expected) as [Exclude<Who, 'job'>, string | null][]) {
      const resource = resourceFor(w);
      if (resource.kind !== 'urgent_case') throw new Error('an urgent case');
      expect([w, messageBasis(actors[w], resource)]).toEqual([w, basis]);
    }
  });
});
