import type { ItemKind } from '@tsunagu/contract';
import { itemKinds } from '@tsunagu/contract/enums';

/**
 * 本人の意思 is the person's own words or a supporter's understanding of them; other categories
 * never the latter. Shared by everything that records an item (the record form, 訂正, and a
 * message turned into information).
 */
export function kindsFor(category: string): readonly ItemKind[] {
  if (category === 'voice') return ['own_words', 'supporter_understanding'];
  return itemKinds.filter((k) => k !== 'supporter_understanding');
}
