import {
  lifeTopics,
  type Certificate,
  type CertificateBody,
  type Contact,
  type ContactBody,
  type InformationCategory,
  type PersonList,
  type PersonListQuery,
  type PersonOverview,
  type RegisterPersonBody,
  type RegionLevel,
  type UpdatePersonBody,
} from '@tsunagu/contract';
import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { requireAbility } from '../../platform/access/guard.ts';
import type { Action } from '../../platform/access/policy.ts';
import {
  openPerson,
  personCan,
  requirePersonAbility,
  type PersonGate,
} from '../../platform/access/person-guard.ts';
import { personScope } from '../../platform/access/person-access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import type { ConsentService } from '../consent/consent.service.ts';
import type { InformationService } from '../information/information.service.ts';
import type { SupportTeamService } from '../support-team/support-team.service.ts';
import * as repo from './persons.repository.ts';
import type { MessagesService } from '../messages/messages.service.ts';
import type { ExclusionsService } from '../exclusions/exclusions.service.ts';

const lifeCategories: InformationCategory[] = ['life_history', 'daily_living', 'work_daytime'];

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Expiry badges at 90 / 60 / 30 days and after. */
export function certificateExpiry(
  validUntil: string,
  today: string,
): Pick<Certificate, 'daysUntilExpiry' | 'expiryState'> {
  const days = daysBetween(today, validUntil);
  const expiryState =
    days < 0
      ? 'expired'
      : days <= 30
        ? 'within_30'
        : days <= 60
          ? 'within_60'
          : days <= 90
            ? 'within_90'
            : 'valid';
  return { daysUntilExpiry: days, expiryState };
}

function checkBirthDate(birthDate: string, today: string): void {
  if (birthDate > today) throw new Invalid('birthDate', '生年月日に未来の日付は指定できません。');
  if (birthDate < '1900-01-01') throw new Invalid('birthDate', '生年月日が古すぎます。');
}

/** 本人: registration, "my persons" and search, the person page, certificates and contacts. */
export function createPersonsService(
  deps: Deps,
  {
    information,
    team,
    consent,
    messages,
    exclusions,
  }: {
    information: InformationService;
    team: SupportTeamService;
    consent: ConsentService;
    messages: Pick<MessagesService, 'unreadCount'>;
    exclusions: Pick<ExclusionsService, 'warningFor'>;
  },
) {
  const { db, clock } = deps;

  async function checkRegion(
    id: string | null | undefined,
    level: RegionLevel,
    field: string,
    label: string,
  ): Promise<void> {
    if (!id) return;
    const region = await repo.regionLevel(db, id);
    if (!region) throw new Invalid(field, `${label}が見つかりません。`, 'UNKNOWN_REGION');
    if (region.level !== level)
      throw new Invalid(
        field,
        `${label}には${level === 'municipality' ? '市町村' : '日常生活圏域'}を選んでください。`,
        'WRONG_REGION_LEVEL',
      );
  }

  async function checkIdentity(body: Partial<repo.IdentityFields>, today: string): Promise<void> {
    if (body.birthDate) checkBirthDate(body.birthDate, today);
    await checkRegion(body.dailyLifeAreaId, 'daily_life_area', 'dailyLifeAreaId', '日常生活圏域');
    await checkRegion(
      body.responsibleMunicipalityId,
      'municipality',
      'responsibleMunicipalityId',
      '援護の実施者',
    );
  }

  async function overviewOf(
    ctx: RequestContext,
    gate: PersonGate,
    personId: string,
  ): Promise<PersonOverview> {
    const today = gate.scope.today;
    const identity = await repo.findIdentity(db, personId);
    if (!identity) throw new NotFound('本人の情報');
    const sees = (c: InformationCategory) => gate.access.visibleCategories.has(c);
    const voiceItems = await information.forOverview(ctx, gate, personId, ['voice'], 50);
    const lifeItems = (await information.forOverview(ctx, gate, personId, lifeCategories, 100))
      .filter(
        (i) =>
          i.category === 'life_history' ||
          (i.topic !== null && (lifeTopics as readonly string[]).includes(i.topic)),
      )
      .slice(0, 30);
    const canSeeOwnOrGranted = (c: InformationCategory, items: unknown[]) => sees(c) || items.length > 0;
    // Certificates belong to 福祉サービス; an organisation also sees the ones it recorded itself.
    const allCertificates = await repo.listCertificates(db, personId);
    const shownCertificates = sees('welfare_services')
      ? allCertificates
      : allCertificates.filter((c) => c.recordedByOrganisationId === gate.scope.organisationId);
    const certificates =
      sees('welfare_services') || shownCertificates.length > 0
        ? shownCertificates.map((c) => ({
            id: c.id,
            kind: c.kind,
            number: c.number,
            supportCategory: c.supportCategory,
            grade: c.grade,
            validFrom: c.validFrom,
            validUntil: c.validUntil,
            ...certificateExpiry(c.validUntil, today),
          }))
        : null;
    const contacts: Contact[] | null = sees('family_environment')
      ? await repo.listContacts(db, personId)
      : null;
    return {
      id: personId,
      identity: {
        name: identity.name,
        kana: identity.kana,
        birthDate: identity.birthDate,
        phone: identity.phone,
        email: identity.email,
        address: identity.address,
        dailyLifeAreaId: identity.dailyLifeAreaId,
        dailyLifeAreaName: identity.dailyLifeAreaName,
        responsibleMunicipalityId: identity.responsibleMunicipalityId,
        responsibleMunicipalityName: identity.responsibleMunicipalityName,
        usesWelfareServices: identity.usesWelfareServices,
      },
      voice: canSeeOwnOrGranted('voice', voiceItems) ? voiceItems : null,
      life: lifeCategories.some((c) => sees(c)) || lifeItems.length > 0 ? lifeItems : null,
      team: await team.list(ctx, gate),
      contacts,
      // The person page is for readers who see the person's identity: the names are theirs to see.
      doNotTell: (await exclusions.warningFor(db, ctx, personId, true)).contacts ?? [],
      certificates,
      grants: await consent.list(ctx, gate),
      freshness: await information.freshnessByCategory(ctx, gate),
      visibleCategories: [...gate.access.visibleCategories].sort(),
      access: {
        onTeam: gate.access.onTeam,
        isLead: gate.access.isLead,
        emergencyUntil: gate.access.emergencyUntil?.toISOString() ?? null,
      },
      abilities: {
        updateIdentity: personCan(ctx, gate, 'person.update'),
        recordItem: personCan(ctx, gate, 'item.record'),
        manageTeam: personCan(ctx, gate, 'team.manage'),
        manageGrants: personCan(ctx, gate, 'grant.manage'),
        manageContacts: personCan(ctx, gate, 'contact.manage'),
        manageCertificates: personCan(ctx, gate, 'certificate.manage'),
        postMessage: personCan(ctx, gate, 'message.post'),
      },
      unreadMessages: await messages.unreadCount(ctx, gate),
    };
  }

  /**
   * One change to a part of the person's record: open the person, ask the policy, then change
   * and audit in one transaction; answers with the refreshed person page.
   */
  async function changeRecord(
    ctx: RequestContext,
    personId: string,
    ability: Action,
    audit: { action: string; targetType: string; details?: Record<string, unknown> },
    change: (trx: Kysely<Tables>, actor: Actor) => Promise<string>,
  ): Promise<PersonOverview> {
    const gate = await openPerson(deps, ctx, personId, ability);
    await requirePersonAbility(deps, ctx, gate, ability);
    await db.transaction().execute(async (trx) => {
      const targetId = await change(trx, actorOf(ctx));
      await recordAudit(trx, ctx, { ...audit, targetId, personId });
    });
    return overviewOf(ctx, gate, personId);
  }

  return {
    /** Any staff member may register a person; their organisation becomes the team's lead. */
    async register(ctx: RequestContext, body: RegisterPersonBody): Promise<PersonOverview> {
      await requireAbility(db, ctx, 'person.register');
      const actor = actorOf(ctx);
      const scope = personScope(actor, clock.now());
      await checkIdentity(body, scope.today);
      const { teamRole, ...identity } = body;
      const personId = await db.transaction().execute(async (trx) => {
        const id = await repo.insertPerson(
          trx,
          {
            name: identity.name.trim(),
            kana: identity.kana,
            birthDate: identity.birthDate,
            phone: identity.phone ?? null,
            email: identity.email ?? null,
            address: identity.address ?? null,
            dailyLifeAreaId: identity.dailyLifeAreaId ?? null,
            responsibleMunicipalityId: identity.responsibleMunicipalityId ?? null,
            usesWelfareServices: identity.usesWelfareServices,
            registeredByOrganisationId: actor.organisationId!,
            registeredByUserId: actor.userId,
          },
          clock.now(),
        );
        await team.addFirstLead(trx, ctx, {
          personId: id,
          organisationId: actor.organisationId!,
          userId: actor.userId,
          role: teamRole,
          today: scope.today,
        });
        await recordAudit(trx, ctx, {
          action: 'person.register',
          targetType: 'person',
          targetId: id,
          personId: id,
        });
        return id;
      });
      const gate = await openPerson(deps, ctx, personId);
      return overviewOf(ctx, gate, personId);
    },

    /** 「私の担当」and search: only persons the caller may see, with stale and expiring counts. */
    async list(ctx: RequestContext, q: PersonListQuery): Promise<PersonList> {
      const actor = actorOf(ctx);
      const noneOutside = { expired: 0, withdrawn: 0, none: 0 };
      if (!actor.organisationId) return { persons: [], total: 0, outsideConsent: noneOutside };
      const scope = personScope(actor, clock.now());
      return db.transaction().execute(async (trx) => {
        const { rows, total } = await repo.listVisiblePersons(trx, scope, q);
        const outsideConsent = q.q?.trim()
          ? noneOutside
          : await repo.countTeamPersonsOutsideConsent(trx, scope);
        const counts = await information.freshnessCountsByPerson(
          ctx,
          scope,
          rows.map((r) => r.id),
          trx,
        );
        await recordAudit(trx, ctx, {
          action: 'person.list',
          details: { returned: rows.length, persons: rows.map((r) => r.id), ...(q.q ? { q: q.q } : {}) },
        });
        return {
          persons: rows.map((r) => ({
            ...r,
            staleItems: counts.get(r.id)?.stale ?? 0,
            dueItems: counts.get(r.id)?.due ?? 0,
            lastRecordedAt: counts.get(r.id)?.lastRecordedAt?.toISOString() ?? null,
          })),
          total,
          outsideConsent,
        };
      });
    },

    /** The person page: the person's voice first, then team, consents, freshness, certificates. */
    async overview(ctx: RequestContext, personId: string): Promise<PersonOverview> {
      const gate = await openPerson(deps, ctx, personId);
      const overview = await overviewOf(ctx, gate, personId);
      await db.transaction().execute((trx) =>
        recordAudit(trx, ctx, {
          action: 'person.read',
          targetType: 'person',
          targetId: personId,
          personId,
          viaEmergency: gate.viaEmergency,
          details: { categories: overview.visibleCategories },
        }),
      );
      return overview;
    },

    async update(ctx: RequestContext, personId: string, body: UpdatePersonBody): Promise<PersonOverview> {
      const gate = await openPerson(deps, ctx, personId, 'person.update');
      await requirePersonAbility(deps, ctx, gate, 'person.update');
      await checkIdentity(body, gate.scope.today);
      await db.transaction().execute(async (trx) => {
        await repo.updatePerson(
          trx,
          personId,
          { ...body, ...(body.name ? { name: body.name.trim() } : {}) },
          clock.now(),
        );
        await recordAudit(trx, ctx, {
          action: 'person.update',
          targetType: 'person',
          targetId: personId,
          personId,
          details: { changed: Object.keys(body) },
        });
      });
      return overviewOf(ctx, gate, personId);
    },

    addCertificate(ctx: RequestContext, personId: string, body: CertificateBody): Promise<PersonOverview> {
      checkCertificate(body);
      return changeRecord(
        ctx,
        personId,
        'certificate.manage',
        { action: 'certificate.add', targetType: 'certificate', details: { kind: body.kind } },
        (trx, actor) =>
          repo.insertCertificate(
            trx,
            personId,
            body,
            { userId: actor.userId, organisationId: actor.organisationId! },
            clock.now(),
          ),
      );
    },

    updateCertificate(
      ctx: RequestContext,
      personId: string,
      certificateId: string,
      body: CertificateBody,
    ): Promise<PersonOverview> {
      checkCertificate(body);
      return changeRecord(
        ctx,
        personId,
        'certificate.manage',
        { action: 'certificate.update', targetType: 'certificate' },
        async (trx) => {
          if (!(await repo.updateCertificate(trx, personId, certificateId, body, clock.now())))
            throw new NotFound('証書');
          return certificateId;
        },
      );
    },

    removeCertificate(ctx: RequestContext, personId: string, certificateId: string): Promise<PersonOverview> {
      return changeRecord(
        ctx,
        personId,
        'certificate.manage',
        { action: 'certificate.delete', targetType: 'certificate' },
        async (trx) => {
          if (!(await repo.deleteCertificate(trx, personId, certificateId))) throw new NotFound('証書');
          return certificateId;
        },
      );
    },

    addContact(ctx: RequestContext, personId: string, body: ContactBody): Promise<PersonOverview> {
      return changeRecord(
        ctx,
        personId,
        'contact.manage',
        { action: 'contact.add', targetType: 'contact', details: { isExcluded: body.isExcluded } },
        (trx, actor) => repo.insertContact(trx, personId, body, actor.organisationId!, clock.now()),
      );
    },

    updateContact(
      ctx: RequestContext,
      personId: string,
      contactId: string,
      body: ContactBody,
    ): Promise<PersonOverview> {
      return changeRecord(
        ctx,
        personId,
        'contact.manage',
        { action: 'contact.update', targetType: 'contact', details: { isExcluded: body.isExcluded } },
        async (trx) => {
          if (!(await repo.updateContact(trx, personId, contactId, body, clock.now())))
            throw new NotFound('関係者');
          return contactId;
        },
      );
    },

    removeContact(ctx: RequestContext, personId: string, contactId: string): Promise<PersonOverview> {
      return changeRecord(
        ctx,
        personId,
        'contact.manage',
        { action: 'contact.delete', targetType: 'contact' },
        async (trx) => {
          if (!(await repo.deleteContact(trx, personId, contactId))) throw new NotFound('関係者');
          return contactId;
        },
      );
    },
  };
}

/** The fields that belong to each kind of certificate. */
function checkCertificate(body: CertificateBody): void {
  if (body.validFrom && body.validFrom > body.validUntil)
    throw new Invalid('validUntil', '有効期限は開始日より後にしてください。');
  if (body.kind === 'disability_handbook' && !body.grade)
    throw new Invalid('grade', '精神障害者保健福祉手帳の等級（1〜3級）を入力してください。');
  if (body.kind !== 'disability_handbook' && body.grade)
    throw new Invalid('grade', '等級は精神障害者保健福祉手帳だけに入力します。');
  if (body.kind !== 'service_recipient' && body.supportCategory)
    throw new Invalid('supportCategory', '障害支援区分は障害福祉サービス受給者証だけに入力します。');
}

export type PersonsService = ReturnType<typeof createPersonsService>;
