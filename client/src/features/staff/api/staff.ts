import type {
  AddMemberByEmailBody,
  AddMemberResult,
  CreateStaffBody,
  CreatedStaff,
  StaffMember,
  UpdateStaffBody,
  UpsertMembershipBody,
} from '@tsunagu/contract';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export interface StaffFilters {
  q?: string | undefined;
  organisationId?: string | undefined;
  offset?: number | undefined;
}

export const STAFF_PAGE_SIZE = 50;

export const staffListQueryOptions = (filters: StaffFilters, limit = STAFF_PAGE_SIZE) =>
  queryOptions({
    queryKey: ['staff', 'list', filters, limit],
    queryFn: ({ signal }) =>
      api.get<{ staff: StaffMember[]; total: number }>('/api/staff', { ...filters, limit }, signal),
    placeholderData: keepPreviousData,
  });

export const staffMemberQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['staff', 'detail', id],
    queryFn: ({ signal }) => api.get<StaffMember>(`/api/staff/${id}`, undefined, signal),
  });

/** After any change to an account: lists, details, organisations' staff counts and invitations. */
function useInvalidateStaff() {
  const queryClient = useQueryClient();
  return () =>
    queryClient.invalidateQueries({
      predicate: (q) =>
        q.queryKey[0] === 'staff' || q.queryKey[0] === 'organisations' || q.queryKey[0] === 'invitations',
    });
}

export function useCreateStaff() {
  const invalidate = useInvalidateStaff();
  return useMutation({
    mutationFn: (body: CreateStaffBody) => api.post<CreatedStaff>('/api/staff', body),
    onSuccess: invalidate,
  });
}

export function useUpdateStaff(id: string) {
  const invalidate = useInvalidateStaff();
  return useMutation({
    mutationFn: (body: UpdateStaffBody) => api.patch<StaffMember>(`/api/staff/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useResetPassword(id: string) {
  const invalidate = useInvalidateStaff();
  return useMutation({
    mutationFn: () => api.post<{ temporaryPassword: string }>(`/api/staff/${id}/password-reset`),
    onSuccess: invalidate,
  });
}

export function useResetTwoFactor(id: string) {
  const invalidate = useInvalidateStaff();
  return useMutation({
    mutationFn: () => api.post<StaffMember>(`/api/staff/${id}/two-factor-reset`),
    onSuccess: invalidate,
  });
}

export function useSetDisabled(id: string) {
  const invalidate = useInvalidateStaff();
  return useMutation({
    mutationFn: (disabled: boolean) => api.put<StaffMember>(`/api/staff/${id}/disabled`, { disabled }),
    onSuccess: invalidate,
  });
}

/**
 * Brings an account into an organisation by e-mail: an invitation its owner accepts (an
 * organisation admin; the answer is the same whether or not the address has an account), or a
 * direct addition (a system admin). The result says which.
 */
export function useAddMember() {
  const invalidate = useInvalidateStaff();
  return useMutation({
    mutationFn: ({ organisationId, body }: { organisationId: string; body: AddMemberByEmailBody }) =>
      api.post<AddMemberResult>(`/api/organisations/${organisationId}/members`, body),
    onSuccess: invalidate,
  });
}

export function useUpdateMembership() {
  const invalidate = useInvalidateStaff();
  return useMutation({
    mutationFn: ({
      organisationId,
      userId,
      body,
    }: {
      organisationId: string;
      userId: string;
      body: UpsertMembershipBody;
    }) => api.put<StaffMember>(`/api/organisations/${organisationId}/members/${userId}`, body),
    onSuccess: invalidate,
  });
}

export function useRemoveMembership() {
  const invalidate = useInvalidateStaff();
  return useMutation({
    mutationFn: ({ organisationId, userId }: { organisationId: string; userId: string }) =>
      api.delete<{ ok: true }>(`/api/organisations/${organisationId}/members/${userId}`),
    onSuccess: invalidate,
  });
}
