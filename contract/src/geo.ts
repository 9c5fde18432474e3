import { Type } from 'typebox';

/** A latitude in degrees (WGS 84), as typed or published. */
export const Latitude = (title = '緯度') => Type.Number({ minimum: -90, maximum: 90, title });
/** A longitude in degrees (WGS 84). */
export const Longitude = (title = '経度') => Type.Number({ minimum: -180, maximum: 180, title });

/**
 * Whether a point lies in Japan's bounding box (20–46°N, 122–154°E). A point outside it is a
 * typing slip in a Japanese installation, most often latitude and longitude swapped.
 */
export function isInJapan(latitude: number, longitude: number): boolean {
  return latitude >= 20 && latitude <= 46 && longitude >= 122 && longitude <= 154;
}
