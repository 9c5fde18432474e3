import { sql, type Kysely } from 'kysely';

/**
 * Off-hours coverage (夜間・休日の対応):
 * - escalation settings and chains per region (a null region is the installation's default):
 *   how long an urgent matter may wait for an acknowledgement, and the tiers it climbs
 *   (拠点 → 基幹 → 保健所 → a phone number to call);
 * - urgent cases (an urgent message or emergency consultation being routed) and their steps,
 *   one row per step fired: UNIQUE (case, position) makes each step's effects happen once;
 * - the emergency consultation log (緊急時の相談対応記録);
 * - the next-morning handover (申し送り): entries gathered off-hours, one handover per
 *   organisation and opening;
 * - delivery channels: Web Push subscriptions, outbound webhooks (SMS/voice gateways) and the
 *   log of webhook deliveries;
 * - an organisation may let an on-call shift's session last the whole shift.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const zero = sql`'00000000-0000-0000-0000-000000000000'::uuid`;

  await db.schema
    .createTable('escalation_settings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('region_id', 'uuid', (c) => c.references('regions.id').onDelete('cascade'))
    // Minutes; the API takes whole minutes, while fractions let a real-time test run a chain in seconds.
    .addColumn('emergency_ack_minutes', 'double precision', (c) =>
      c.notNull().check(sql`emergency_ack_minutes > 0 and emergency_ack_minutes <= 240`),
    )
    .addColumn('urgent_ack_minutes', 'double precision', (c) =>
      c.notNull().check(sql`urgent_ack_minutes > 0 and urgent_ack_minutes <= 1440`),
    )
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index escalation_settings_region_key on escalation_settings (coalesce(region_id, ${zero}))`.execute(
    db,
  );

  await db.schema
    .createTable('escalation_tiers')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('region_id', 'uuid', (c) => c.references('regions.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().check(sql`position >= 1`))
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('phone', 'text')
    .addColumn('label', 'text', (c) => c.notNull())
    .addCheckConstraint('escalation_tiers_one_target', sql`(organisation_id is null) <> (phone is null)`)
    .execute();
  await sql`create unique index escalation_tiers_position_key on escalation_tiers (coalesce(region_id, ${zero}), position)`.execute(
    db,
  );

  await db.schema
    .createTable('urgent_cases')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('source_kind', 'text', (c) =>
      c.notNull().check(sql`source_kind in ('message', 'consultation')`),
    )
    .addColumn('source_id', 'uuid', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.references('persons.id').onDelete('cascade'))
    .addColumn('region_id', 'uuid', (c) => c.references('regions.id').onDelete('set null'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull().check(sql`priority in ('urgent', 'emergency')`))
    // The steps it will climb, fixed when it opens: [{ kind, organisationId?, phone?, label }].
    .addColumn('plan', 'jsonb', (c) => c.notNull())
    .addColumn('opened_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('opened_by_organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'acknowledged', 'exhausted', 'cancelled')`),
    )
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('acknowledged_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('acknowledged_by_organisation_id', 'uuid', (c) => c.references('organisations.id'))
    .addColumn('acknowledgement_note', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('urgent_cases_source_key', ['source_kind', 'source_id'])
    .execute();
  await db.schema
    .createIndex('urgent_cases_person_idx')
    .on('urgent_cases')
    .columns(['person_id', 'opened_at'])
    .execute();
  await sql`create index urgent_cases_open_idx on urgent_cases (opened_at) where status = 'open'`.execute(db);

  await db.schema
    .createTable('urgent_steps')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('urgent_cases.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(sql`kind in ('team', 'on_call_primary', 'on_call_backup', 'tier_organisation', 'tier_phone')`),
    )
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id'))
    .addColumn('phone', 'text')
    .addColumn('label', 'text')
    .addColumn('recipient_user_ids', sql`uuid[]`, (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('fired_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('urgent_steps_position_key', ['case_id', 'position'])
    .execute();
  await sql`create index urgent_steps_recipients_idx on urgent_steps using gin (recipient_user_ids)`.execute(
    db,
  );

  await db.schema
    .createTable('emergency_consultations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('received_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('phone', 'visit', 'message', 'other')`),
    )
    .addColumn('caller_relationship', 'text', (c) => c.notNull())
    .addColumn('caller_name', 'text')
    .addColumn('caller_phone', 'text')
    .addColumn('person_id', 'uuid', (c) => c.references('persons.id').onDelete('set null'))
    .addColumn('person_description', 'text')
    .addColumn('asked', 'text', (c) => c.notNull())
    .addColumn('done', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) =>
      c.notNull().check(sql`priority in ('normal', 'urgent', 'emergency')`),
    )
    .addColumn('follow_up_needed', 'boolean', (c) => c.notNull())
    .addColumn('follow_up_organisation_id', 'uuid', (c) => c.references('organisations.id'))
    .addColumn('follow_up_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('follow_up_note', 'text')
    .addColumn('urgent_case_id', 'uuid', (c) => c.references('urgent_cases.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint(
      'emergency_consultations_follow_up',
      sql`follow_up_needed or (follow_up_organisation_id is null and follow_up_user_id is null)`,
    )
    .execute();
  await db.schema
    .createIndex('emergency_consultations_organisation_idx')
    .on('emergency_consultations')
    .columns(['organisation_id', 'received_at'])
    .execute();
  await db.schema
    .createIndex('emergency_consultations_person_idx')
    .on('emergency_consultations')
    .columns(['person_id', 'received_at'])
    .execute();

  await db.schema
    .createTable('handovers')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('opening_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('confirmed_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addUniqueConstraint('handovers_opening_key', ['organisation_id', 'opening_at'])
    .execute();

  await db.schema
    .createTable('handover_entries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    // Why this organisation is told: it leads the person's team, or it is their municipality.
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('team_lead', 'municipality')`))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('case_opened', 'step_fired', 'case_acknowledged', 'case_exhausted', 'consultation')`,
        ),
    )
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.references('persons.id').onDelete('cascade'))
    .addColumn('case_id', 'uuid', (c) => c.references('urgent_cases.id').onDelete('cascade'))
    .addColumn('step_id', 'uuid', (c) => c.references('urgent_steps.id').onDelete('cascade'))
    .addColumn('consultation_id', 'uuid', (c) =>
      c.references('emergency_consultations.id').onDelete('cascade'),
    )
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('handover_id', 'uuid', (c) => c.references('handovers.id').onDelete('set null'))
    .addUniqueConstraint('handover_entries_once', ['organisation_id', 'dedupe_key'])
    .execute();
  await sql`create index handover_entries_pending_idx on handover_entries (organisation_id, occurred_at) where handover_id is null`.execute(
    db,
  );

  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_success_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('push_subscriptions_user_idx')
    .on('push_subscriptions')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Null: the installation's gateway; otherwise an organisation's own.
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull())
    .addColumn('created_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    // The delivery's stable id: every retry sends the same one, so a receiver drops a repeat.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('endpoint_id', 'uuid', (c) =>
      c.notNull().references('webhook_endpoints.id').onDelete('cascade'),
    )
    .addColumn('case_id', 'uuid', (c) => c.references('urgent_cases.id').onDelete('cascade'))
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('organisations')
    .addColumn('on_call_session_covers_shift', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.alterTable('sessions').addColumn('idle_exempt_until', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('idle_exempt_until').execute();
  await db.schema.alterTable('organisations').dropColumn('on_call_session_covers_shift').execute();
  for (const table of [
    'webhook_deliveries',
    'webhook_endpoints',
    'push_subscriptions',
    'handover_entries',
    'handovers',
    'emergency_consultations',
    'urgent_steps',
    'urgent_cases',
    'escalation_tiers',
    'escalation_settings',
  ])
    await db.schema.dropTable(table).execute();
}
