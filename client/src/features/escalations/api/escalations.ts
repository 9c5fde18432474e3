import type {
  CreateWebhookBody,
  EscalationChain,
  OnCallSessionSetting,
  UpdateOnCallSessionSetting,
  WebhookEndpoint,
  WebhookEndpointList,
} from '@tsunagu/contract';
import type { Static } from 'typebox';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export type Webhook = Static<typeof WebhookEndpoint>;

const chainKey = (regionId: string | null) => ['escalation-chain', regionId ?? 'default'] as const;
const webhooksKey = ['webhooks'] as const;

/** 連絡網: a region's chain and waiting times (null: the installation's default). */
export const escalationChainQueryOptions = (regionId: string | null) =>
  queryOptions({
    queryKey: chainKey(regionId),
    queryFn: ({ signal }) =>
      api.get<EscalationChain>('/api/escalation-chain', { regionId: regionId ?? undefined }, signal),
  });

export function useSaveEscalationChain() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EscalationChain) => api.put<EscalationChain>('/api/escalation-chain', body),
    onSuccess: (saved) => queryClient.setQueryData(chainKey(saved.regionId), saved),
  });
}

/** The SMS / voice gateways I may manage. */
export const webhooksQueryOptions = queryOptions({
  queryKey: webhooksKey,
  queryFn: ({ signal }) => api.get<Static<typeof WebhookEndpointList>>('/api/webhooks', undefined, signal),
});

export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhookBody) => api.post<Webhook>('/api/webhooks', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });
}

export function useDisableWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<{ ok: true }>(`/api/webhooks/${id}/disable`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });
}

/**
 * An organisation's on-call settings: whether its on-call staff stay signed in for the whole shift
 * (夜間当番のサインイン), and how long after a shift its backup is still asked about its cases.
 */
export const onCallSessionQueryOptions = (organisationId: string) =>
  queryOptions({
    queryKey: ['on-call-session', organisationId] as const,
    queryFn: ({ signal }) =>
      api.get<OnCallSessionSetting>(
        `/api/organisations/${organisationId}/on-call-session`,
        undefined,
        signal,
      ),
  });

export function useSaveOnCallSession(organisationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateOnCallSessionSetting) =>
      api.put<OnCallSessionSetting>(`/api/organisations/${organisationId}/on-call-session`, body),
    onSuccess: (saved) => queryClient.setQueryData(['on-call-session', organisationId], saved),
  });
}
