import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.ts';

/**
 * The demo's 連絡網 (escalation chain) for 架空中央圏域, whose 市 and 町 the 拠点's rota covers: after
 * the team and the on-call coordinators, the 基幹, then the 保健所, and last the (fictional)
 * prefectural psychiatric emergency information centre's 24-hour number. Without a chain the
 * escalation stopped at the on-call backup, and an offline phone had no number to show.
 */
/** The chain's last step: a 24-hour line (fictional), the number an offline phone must still show. */
export const DEMO_EMERGENCY_LINE = '099-000-9119';

export const demoEscalationChain = {
  region: 'area',
  tiers: [
    { organisation: 'kikan', label: '基幹相談支援センター' },
    { organisation: 'hokenjo', label: '保健所' },
    { phone: DEMO_EMERGENCY_LINE, label: '精神科救急医療情報センター（架空）' },
  ],
} as const;

/** Writes the demo chain (inside the seeding transaction). */
export async function seedDemoChain(
  trx: Kysely<Tables>,
  ids: { regions: ReadonlyMap<string, string>; organisations: ReadonlyMap<string, string> },
): Promise<void> {
  const regionId = ids.regions.get(demoEscalationChain.region)!;
  for (const [i, tier] of demoEscalationChain.tiers.entries()) {
    await trx
      .insertInto('escalationTiers')
      .values({
        regionId,
        position: i + 1,
        organisationId: 'organisation' in tier ? ids.organisations.get(tier.organisation)! : null,
        phone: 'phone' in tier ? tier.phone : null,
        label: tier.label,
      })
      .execute();
  }
}
