import { useQuery, useQueryClient, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLocation } from 'react-router';

/**
 * A query for the header and navigation (お知らせ, 確認待ち, 申し送り): fetched again, once stale,
 * each time the user moves to another screen — never on a timer, which would keep an unattended
 * session alive.
 */
export function useQueryOnNavigation<TData, TKey extends QueryKey>(
  options: UseQueryOptions<TData, Error, TData, TKey>,
) {
  const queryClient = useQueryClient();
  const { pathname } = useLocation();
  useEffect(() => {
    void queryClient.prefetchQuery(options);
  }, [pathname, queryClient, options]);
  return useQuery(options);
}
