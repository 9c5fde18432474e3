import { sql, type RawBuilder } from 'kysely';
import type { BusinessHoursRange } from '@tsunagu/contract';

/**
 * SQL pieces about one organisation row aliased `o`, shared by every feature that reads
 * organisations (the organisations list and page, the directory's entries and search), so that
 * "on tsunagu", the areas served and the weekly hours mean the same everywhere.
 */

/** On tsunagu = has accounts (a membership): computed, never stored. */
export const hasAccounts: RawBuilder<boolean> = sql<boolean>`exists (select 1 from memberships m where m.organisation_id = o.id)`;

/** The areas the organisation serves, as a JSON array of ids in id order ([] for none). */
export const regionIdsJson: RawBuilder<string[]> = sql<
  string[]
>`coalesce((select json_agg(r.region_id order by r.region_id) from organisation_regions r where r.organisation_id = o.id), '[]'::json)`;

/** The weekly hours as a JSON array ('HH:MM:SS' times, by weekday then opening). */
export const businessHoursJson: RawBuilder<BusinessHoursRange[]> = sql<
  BusinessHoursRange[]
>`coalesce((select json_agg(json_build_object('weekday', h.weekday, 'opensAt', h.opens_at, 'closesAt', h.closes_at) order by h.weekday, h.opens_at)
    from organisation_business_hours h where h.organisation_id = o.id), '[]'::json)`;
