import type { InformationCategory } from '@tsunagu/contract';
import { lifeTopics, voiceTopics } from '@tsunagu/contract/enums';

/** Categories whose items may carry a topic of 暮らしの情報 (likes, strengths, daytime); the page's 暮らしの情報 draws on them. */
export const lifeTopicCategories: readonly InformationCategory[] = [
  'daily_living',
  'life_history',
  'work_daytime',
];

/** The topics an item of a category may have: required for 本人の意思, optional for life. */
export function topicsFor(category: string): readonly string[] {
  if (category === 'voice') return voiceTopics;
  if ((lifeTopicCategories as readonly string[]).includes(category)) return lifeTopics;
  return [];
}
