import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { allOrganisationsQueryOptions } from '../features/organisations/api/organisations.ts';
import type { OrganisationChoice } from '../features/staff/components/organisation-choice.ts';

/** Every organisation the caller can see, with whether they manage its staff (from the server). */
export function useOrganisationChoices(): {
  choices: OrganisationChoice[];
  isPending: boolean;
  error: unknown;
} {
  const organisations = useQuery(allOrganisationsQueryOptions);
  const choices = useMemo(
    () =>
      (organisations.data ?? []).map((o) => ({
        id: o.id,
        name: o.name,
        canManageStaff: o.abilities.manageStaff,
      })),
    [organisations.data],
  );
  return { choices, isPending: organisations.isPending, error: organisations.error };
}
