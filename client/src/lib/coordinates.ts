import { isInJapan } from '@tsunagu/contract/geo';

/** A typed number (a coordinate, a capacity): full-width digits folded, empty is null, garbage NaN (the schema refuses it). */
export function numberOrNull(text: string): number | null {
  const folded = text.trim().replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return folded === '' ? null : Number(folded);
}

/** A number as a text box shows it ('' for none). */
export const textOfNumber = (n: number | null | undefined): string =>
  n === null || n === undefined ? '' : String(n);

/**
 * What is wrong with a pair of coordinates beyond the schema's ranges, as the server checks it:
 * one of the two missing, or a point outside Japan (most often the two swapped).
 */
export function coordinateProblem(
  latitude: number | null | undefined,
  longitude: number | null | undefined,
): 'latitude_missing' | 'longitude_missing' | 'outside_japan' | null {
  const [lat, lng] = [latitude ?? null, longitude ?? null];
  if (lat === null && lng === null) return null;
  if (lat === null) return 'latitude_missing';
  if (lng === null) return 'longitude_missing';
  if (Number.isNaN(lat) || Number.isNaN(lng)) return null;
  return isInJapan(lat, lng) ? null : 'outside_japan';
}
