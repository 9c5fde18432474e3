import type { QueryClient } from '@tanstack/react-query';

/**
 * Query keys of the person at the centre, shared by the features that read or change a
 * person's record (persons, information, support team, consent), so that a change made by one
 * refreshes what the others show without importing each other.
 */
export const personKeys = {
  /** 「私の担当」 and search results. */
  lists: ['persons'] as const,
  list: (q: string) => ['persons', q] as const,
  /** Everything about one person: the page and its timeline. */
  all: (id: string) => ['person', id] as const,
  overview: (id: string) => ['person', id, 'overview'] as const,
  items: (id: string, filters: object) => ['person', id, 'items', filters] as const,
  /** 同意の更新: renewals on teams my organisation leads. */
  renewals: ['grant-renewals'] as const,
};

/** After any change to a person's record: the person's page, their timeline, my lists and renewals. */
export function invalidatePerson(queryClient: QueryClient, personId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: personKeys.all(personId) }),
    queryClient.invalidateQueries({ queryKey: personKeys.lists }),
    queryClient.invalidateQueries({ queryKey: personKeys.renewals }),
  ]);
}
