import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { forgetSession, sessionQueryKey } from '../features/auth/api/session.ts';
import { setAuthProblemHandler } from '../lib/api-client.ts';
import { i18n } from '../lib/i18n/index.ts';
import { createQueryClient } from '../lib/query-client.ts';

/** Wires what the API client reports about the session into the session state the router follows. */
function useAuthProblems(queryClient: QueryClient): void {
  useEffect(() => {
    setAuthProblemHandler((error) => {
      if (error.code === 'PASSWORD_CHANGE_REQUIRED') {
        void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
        return;
      }
      forgetSession(queryClient, error.code === 'SESSION_EXPIRED' ? 'expired' : null);
    });
    return () => setAuthProblemHandler(() => {});
  }, [queryClient]);
}

/** Everything the screens rely on: server state and texts. */
export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  useAuthProblems(queryClient);
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </I18nextProvider>
  );
}
