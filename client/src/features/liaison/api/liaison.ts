import type {
  ContactLog,
  ContactLogEntry,
  LiaisonSettings,
  UpdateLiaisonSettingsBody,
  CreateSheetBody,
  GuestItem,
  GuestLink,
  GuestReplyBody,
  LiaisonRecipients,
  LiaisonSheet,
  LiaisonSheets,
  OutstandingReplies,
  RecordContactBody,
  RecordReplyBody,
  ReissueSheetBody,
} from '@tsunagu/contract';
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, apiRequest } from '../../../lib/api-client.ts';
import type { LiveEvent } from '../../../lib/live.ts';

/** 連携シート and 連絡記録: the only place in the client that knows their URLs. */
export const liaisonKeys = {
  all: ['liaison'] as const,
  recipients: (personId: string) => ['liaison', 'recipients', personId] as const,
  sheets: (personId: string) => ['liaison', 'sheets', personId] as const,
  outstanding: (scope: 'mine' | 'organisation') => ['liaison', 'outstanding', scope] as const,
  contacts: (personId: string) => ['liaison', 'contacts', personId] as const,
  settings: (organisationId: string) => ['liaison', 'settings', organisationId] as const,
};

/** How an organisation is reached (つなぐを使っていない機関: FAX, phone, the e-mail-to-FAX gateway). */
export const liaisonSettingsQueryOptions = (organisationId: string) =>
  queryOptions({
    queryKey: liaisonKeys.settings(organisationId),
    queryFn: () => api.get<LiaisonSettings>(`/api/organisations/${organisationId}/liaison`),
  });

export const useUpdateLiaisonSettings = (organisationId: string) =>
  useLiaisonMutation((body: UpdateLiaisonSettingsBody) =>
    api.put<LiaisonSettings>(`/api/organisations/${organisationId}/liaison`, body),
  );

export const recipientsQueryOptions = (personId: string) =>
  queryOptions({
    queryKey: liaisonKeys.recipients(personId),
    queryFn: () => api.get<LiaisonRecipients>(`/api/persons/${personId}/liaison-recipients`),
  });

export const sheetsQueryOptions = (personId: string) =>
  queryOptions({
    queryKey: liaisonKeys.sheets(personId),
    queryFn: () => api.get<LiaisonSheets>(`/api/persons/${personId}/liaison-sheets`),
  });

export const outstandingQueryOptions = (scope: 'mine' | 'organisation') =>
  queryOptions({
    queryKey: liaisonKeys.outstanding(scope),
    queryFn: () => api.get<OutstandingReplies>('/api/liaison/outstanding', { scope }),
  });

export const contactLogQueryOptions = (personId: string) =>
  queryOptions({
    queryKey: liaisonKeys.contacts(personId),
    queryFn: () => api.get<ContactLog>(`/api/persons/${personId}/contact-log`),
  });

/** The PDF to print (a plain link: the browser downloads it with the session cookie). */
export const sheetPdfUrl = (sheetId: string) => `/api/liaison/sheets/${sheetId}/pdf`;
export const replyScanUrl = (sheetId: string) => `/api/liaison/sheets/${sheetId}/reply-scan`;

function useLiaisonMutation<TVariables, TResult>(fn: (v: TVariables) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: liaisonKeys.all }),
  });
}

export const useCreateSheet = (personId: string) =>
  useLiaisonMutation((body: CreateSheetBody) =>
    api.post<LiaisonSheet>(`/api/persons/${personId}/liaison-sheets`, body),
  );

export const useSendFax = () =>
  useLiaisonMutation((sheetId: string) => api.post<LiaisonSheet>(`/api/liaison/sheets/${sheetId}/send-fax`));

export const useReissue = () =>
  useLiaisonMutation(({ sheetId, body }: { sheetId: string; body: ReissueSheetBody }) =>
    api.post<LiaisonSheet>(`/api/liaison/sheets/${sheetId}/reissue`, body),
  );

export const useRecordReply = () =>
  useLiaisonMutation((body: RecordReplyBody) => api.post<LiaisonSheet>('/api/liaison/replies', body));

export const useUploadScan = () =>
  useLiaisonMutation(({ sheetId, file }: { sheetId: string; file: File }) =>
    api.upload<LiaisonSheet>('POST', replyScanUrl(sheetId), file),
  );

export const useRecordContact = (personId: string) =>
  useLiaisonMutation((body: RecordContactBody) =>
    api.post<ContactLogEntry>(`/api/persons/${personId}/contact-log`, body),
  );

/** ゲスト: the link's state before the PIN, then the one item, then the reply. No session. */
export const guestApi = {
  link: (token: string) => api.get<GuestLink>(`/api/guest/${token}`),
  open: (token: string, pin: string) =>
    apiRequest<GuestItem>('POST', `/api/guest/${token}/open`, { body: { pin } }),
  reply: (token: string, body: GuestReplyBody) =>
    apiRequest<GuestItem>('POST', `/api/guest/${token}/reply`, { body }),
};

/** A reply arrived (by link or recorded by a colleague): the sheets and outstanding lists refresh. */
export function applyLiaisonEvent(queryClient: QueryClient, event: LiveEvent): void {
  if (event.kind !== 'liaison.replied') return;
  void queryClient.invalidateQueries({ queryKey: liaisonKeys.all });
}

/** After the live stream was interrupted. */
export function refreshLiaison(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: liaisonKeys.all });
}
