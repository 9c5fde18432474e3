import { Navigate, useLocation } from 'react-router';

/** An old address of a screen that moved (a bookmark, a link in an e-mail): on to the new one, filters kept. */
export function MovedRoute({ to }: { to: string }) {
  const { search, hash } = useLocation();
  return <Navigate replace to={{ pathname: to, search, hash }} />;
}
