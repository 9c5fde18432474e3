import {
  directoryCategories,
  directorySorts,
  remits,
  serviceTypes,
} from '@tsunagu/contract/directory-vocabulary';
import type { DirectoryFilters } from './directory.ts';

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}
const flag = (value: string | null) => (value === 'true' ? true : undefined);
const positive = (value: string | null) => {
  const n = Number(value);
  return value !== null && Number.isFinite(n) && n > 0 ? n : undefined;
};

/**
 * A search as kept in the address (so Back, a reload and a shared link show the same results):
 * anything malformed is left out rather than sent, so the server never sees a typo in a URL.
 */
export function filtersFromParams(params: URLSearchParams): DirectoryFilters {
  const text = (key: string) => params.get(key)?.trim() || undefined;
  const at = text('at');
  return {
    q: text('q')?.slice(0, 100),
    category: oneOf(directoryCategories, params.get('category')),
    serviceType: oneOf(serviceTypes, params.get('serviceType')),
    remit: oneOf(remits, params.get('remit')),
    regionId: text('regionId'),
    openNow: flag(params.get('openNow')),
    at: at && !Number.isNaN(Date.parse(at)) ? new Date(at).toISOString() : undefined,
    acceptsNewUsers: flag(params.get('acceptsNewUsers')),
    trialStay: flag(params.get('trialStay')),
    onTsunagu: flag(params.get('onTsunagu')),
    nearOrganisationId: text('nearOrganisationId'),
    nearRegionId: text('nearRegionId'),
    withinKm: positive(params.get('withinKm')),
    sort: oneOf(directorySorts, params.get('sort')),
    offset: positive(params.get('offset')),
  };
}

/** The address's query for a search (empty values left out). */
export function paramsOfFilters(filters: DirectoryFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters))
    if (value !== undefined && value !== '' && value !== false && value !== 0) params.set(key, String(value));
  return params;
}

/** Whether the search measures distance (from an entry or an area's centre). */
export const hasOrigin = (f: DirectoryFilters) => Boolean(f.nearOrganisationId || f.nearRegionId);
