import { useQuery } from '@tanstack/react-query';
import { api, must, session } from './client';

/** Whether a session is held, re-rendering on sign-in, refresh and sign-out. */
export const useSignedIn = session.useSignedIn;

/** Who is signed in (role, counter, name). */
export function useMe() {
  const signedIn = useSignedIn();
  return useQuery({
    queryKey: ['me', signedIn ? 'in' : 'out'],
    queryFn: async () => must(await api.GET('/api/v1/me')),
    enabled: signedIn,
    staleTime: 5 * 60_000,
  });
}

export type Role = 'agent' | 'supervisor' | 'admin' | 'reception' | string;
export const isDesk = (role?: Role) => role === 'agent' || role === 'supervisor';
export const canSeeDashboard = (role?: Role) => role === 'supervisor' || role === 'admin';
export const isAdmin = (role?: Role) => role === 'admin';
/** Filing on a citizen's behalf: the API takes submissions from agents and reception, not supervisors or admins. */
export const mayFile = (role?: Role) => role === 'agent' || role === 'reception';
