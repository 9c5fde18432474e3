/**
 * The scale model (docs/benchmarks.md explains it). `city` is a designated city of about a
 * million people: the residents known to its mental-health, public-health and welfare services,
 * the organisations and staff who serve them, and years of records. It runs on PostgreSQL.
 * `medium` is what one embedded installation (an office, a small town) realistically holds.
 */
export interface Scale {
  persons: number;
  organisations: number;
  staff: number;
  items: number;
  messages: number;
  municipalities: number;
  dailyAreasPerMunicipality: number;
  /** Persons whose team the benchmark's "busy" staff member sits on. */
  busyTeams: number;
}

export const scales = {
  small: {
    persons: 200,
    organisations: 30,
    staff: 120,
    items: 10_000,
    messages: 20_000,
    municipalities: 2,
    dailyAreasPerMunicipality: 3,
    busyTeams: 200,
  },
  medium: {
    persons: 3_000,
    organisations: 120,
    staff: 600,
    items: 300_000,
    messages: 600_000,
    municipalities: 4,
    dailyAreasPerMunicipality: 4,
    busyTeams: 200,
  },
  city: {
    persons: 30_000,
    organisations: 600,
    staff: 3_000,
    items: 5_000_000,
    messages: 10_000_000,
    municipalities: 10,
    dailyAreasPerMunicipality: 6,
    busyTeams: 200,
  },
} satisfies Record<string, Scale>;

export type ScaleName = keyof typeof scales;
export const scaleNames = Object.keys(scales) as ScaleName[];
