import type { AddTeamMemberBody, TeamMember, TeamRole, UpdateTeamMemberBody } from '@tsunagu/contract';
import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { openPerson, requirePersonAbility, type PersonGate } from '../../platform/access/person-guard.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { formatJapaneseDate } from '../../platform/tokyo-time.ts';
import type { OrganisationsService } from '../organisations/organisations.service.ts';
import * as repo from './support-team.repository.ts';

function toMember(row: repo.MemberRow, today: string): TeamMember {
  return {
    id: row.id,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    userId: row.userId,
    userName: row.userName,
    role: row.role,
    isLead: row.isLead,
    startedOn: row.startedOn,
    endedOn: row.endedOn,
    isActive: row.startedOn <= today && (row.endedOn === null || row.endedOn > today),
  };
}

/** 日常的な支援チーム: who is on a person's team, in what role, and who leads it. */
export function createSupportTeamService(
  deps: Deps,
  { organisations }: { organisations: OrganisationsService },
) {
  const { db, clock } = deps;

  async function checkUser(userId: string | null | undefined, organisationId: string): Promise<void> {
    if (!userId) return;
    if (!(await repo.isMemberOfOrganisation(db, userId, organisationId))) {
      throw new Invalid(
        'userId',
        '担当職員はその機関に所属する職員から選んでください。',
        'USER_NOT_IN_ORGANISATION',
      );
    }
  }

  return {
    /** The team of a person the caller has opened (the read is audited by the page that shows it). */
    async list(_ctx: RequestContext, gate: PersonGate): Promise<TeamMember[]> {
      return (await repo.listMembers(db, gate.access.personId)).map((r) => toMember(r, gate.scope.today));
    },

    /** The registering organisation becomes the first lead (inside the registration's transaction). */
    async addFirstLead(
      trx: Kysely<Tables>,
      _ctx: RequestContext,
      p: { personId: string; organisationId: string; userId: string; role: TeamRole; today: string },
    ): Promise<void> {
      await repo.insertMember(
        trx,
        {
          personId: p.personId,
          organisationId: p.organisationId,
          userId: p.userId,
          role: p.role,
          isLead: true,
          startedOn: p.today,
          addedByUserId: p.userId,
        },
        clock.now(),
      );
    },

    /** `executor` is the caller's transaction when there is one (PGlite has a single connection). */
    leadRecipients(
      _ctx: RequestContext,
      personId: string,
      today: string,
      executor: Kysely<Tables> = db,
    ): Promise<string[]> {
      return repo.leadRecipients(executor, personId, today);
    },

    isOnTeam(
      _ctx: RequestContext,
      personId: string,
      organisationId: string,
      today: string,
    ): Promise<boolean> {
      return repo.isOnTeam(db, personId, organisationId, today);
    },

    async add(ctx: RequestContext, personId: string, body: AddTeamMemberBody): Promise<TeamMember[]> {
      const gate = await openPerson(deps, ctx, personId, 'team.manage');
      await requirePersonAbility(deps, ctx, gate, 'team.manage');
      if (!(await organisations.exists(ctx, body.organisationId)))
        throw new Invalid('organisationId', '機関が見つかりません。', 'UNKNOWN_ORGANISATION');
      await checkUser(body.userId, body.organisationId);
      const existing = await repo.listMembers(db, personId);
      const today = gate.scope.today;
      const duplicate = existing.find(
        (m) =>
          m.organisationId === body.organisationId &&
          m.userId === (body.userId ?? null) &&
          (m.endedOn === null || m.endedOn > today),
      );
      if (duplicate)
        throw new Conflict('ALREADY_ON_TEAM', 'この機関（職員）は既にチームにいます。', 'organisationId');
      await db.transaction().execute(async (trx) => {
        const id = await repo.insertMember(
          trx,
          {
            personId,
            organisationId: body.organisationId,
            userId: body.userId ?? null,
            role: body.role,
            isLead: body.isLead ?? false,
            startedOn: body.startedOn ?? today,
            addedByUserId: actorOf(ctx).userId,
          },
          clock.now(),
        );
        await recordAudit(trx, ctx, {
          action: 'team.add',
          targetType: 'team_member',
          targetId: id,
          personId,
          details: { organisationId: body.organisationId, role: body.role, isLead: body.isLead ?? false },
        });
      });
      return this.list(ctx, gate);
    },

    async update(
      ctx: RequestContext,
      personId: string,
      memberId: string,
      body: UpdateTeamMemberBody,
    ): Promise<TeamMember[]> {
      const gate = await openPerson(deps, ctx, personId, 'team.manage');
      await requirePersonAbility(deps, ctx, gate, 'team.manage');
      const today = gate.scope.today;
      const member = (await repo.listMembers(db, personId)).find((m) => m.id === memberId);
      if (!member) throw new NotFound('チームメンバー');
      if (body.endedOn && body.endedOn < member.startedOn) {
        throw new Invalid(
          'endedOn',
          `終了日は開始日（${formatJapaneseDate(member.startedOn)}）より前にできません。`,
        );
      }
      if (body.userId !== undefined) await checkUser(body.userId, member.organisationId);
      await db.transaction().execute(async (trx) => {
        await repo.updateMember(trx, memberId, body, clock.now());
        if ((await repo.countActiveLeads(trx, personId, today)) === 0) {
          throw new Conflict(
            'LAST_LEAD',
            'チームには主担当が少なくとも1人必要です。先に別のメンバーを主担当にしてください。',
          );
        }
        await recordAudit(trx, ctx, {
          action: body.endedOn ? 'team.end' : 'team.update',
          targetType: 'team_member',
          targetId: memberId,
          personId,
          details: { ...body },
        });
      });
      return this.list(ctx, gate);
    },
  };
}

export type SupportTeamService = ReturnType<typeof createSupportTeamService>;
