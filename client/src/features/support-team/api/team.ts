import type { AddTeamMemberBody, TeamMember, UpdateTeamMemberBody } from '@tsunagu/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { invalidatePerson } from '../../../lib/query-keys.ts';

/** Adds an organisation (and, for my own organisation, a staff member) to the person's team. */
export function useAddTeamMember(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AddTeamMemberBody) =>
      api.post<{ team: TeamMember[] }>(`/api/persons/${personId}/team`, body),
    onSuccess: () => invalidatePerson(queryClient, personId),
  });
}

/** Adds an organisation chosen elsewhere (a directory entry's page) to the team of a person chosen there. */
export function useAddToTeamOf() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ personId, body }: { personId: string; body: AddTeamMemberBody }) =>
      api.post<{ team: TeamMember[] }>(`/api/persons/${personId}/team`, body),
    onSuccess: (_data, { personId }) => invalidatePerson(queryClient, personId),
  });
}

/** Changes a membership: role, lead, staff member, or its end (終了). */
export function useUpdateTeamMember(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId, body }: { memberId: string; body: UpdateTeamMemberBody }) =>
      api.patch<{ team: TeamMember[] }>(`/api/persons/${personId}/team/${memberId}`, body),
    onSuccess: () => invalidatePerson(queryClient, personId),
  });
}
