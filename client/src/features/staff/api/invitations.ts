import type { AcceptedInvitation, MyInvitationList, OrganisationInvitationList } from '@tsunagu/contract';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { sessionQueryKey } from '../../auth/api/session.ts';

/** An organisation's invitations awaiting acceptance (for its admins). */
export const organisationInvitationsQueryOptions = (organisationId: string) =>
  queryOptions({
    queryKey: ['invitations', 'organisation', organisationId],
    queryFn: ({ signal }) =>
      api.get<OrganisationInvitationList>(
        `/api/organisations/${organisationId}/invitations`,
        undefined,
        signal,
      ),
  });

/** Invitations waiting for me. */
export const myInvitationsQueryOptions = queryOptions({
  queryKey: ['invitations', 'mine'],
  queryFn: ({ signal }) => api.get<MyInvitationList>('/api/account/invitations', undefined, signal),
});

export function useWithdrawInvitation(organisationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) =>
      api.delete<{ ok: true }>(`/api/organisations/${organisationId}/invitations/${invitationId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['invitations'] }),
  });
}

/** Accepting changes my memberships: the session (organisation switcher), staff lists and invitations follow. */
export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) =>
      api.post<AcceptedInvitation>(`/api/account/invitations/${invitationId}/accept`),
    onSuccess: () =>
      queryClient.invalidateQueries({
        predicate: (q) =>
          q.queryKey[0] === 'invitations' ||
          q.queryKey[0] === 'staff' ||
          q.queryKey[0] === sessionQueryKey[0],
      }),
  });
}

export function useDeclineInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) =>
      api.post<{ ok: true }>(`/api/account/invitations/${invitationId}/decline`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['invitations'] }),
  });
}
