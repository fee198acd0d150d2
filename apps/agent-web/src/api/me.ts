import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api, must } from './client';
import { getSession, onSession } from './session';

/** The signed-in session, re-rendering on sign-in, refresh and sign-out. */
export function useSession() {
  return useSyncExternalStore(onSession, getSession);
}

/** Who is signed in (role, counter, name). */
export function useMe() {
  const session = useSession();
  return useQuery({
    queryKey: ['me', session?.accessToken ? 'in' : 'out'],
    queryFn: async () => must(await api.GET('/api/v1/me')),
    enabled: !!session,
    staleTime: 5 * 60_000,
  });
}

export type Role = 'agent' | 'supervisor' | 'admin' | 'reception' | string;
export const isDesk = (role?: Role) => role === 'agent' || role === 'supervisor';
export const canSeeDashboard = (role?: Role) => role === 'supervisor' || role === 'admin';
export const isAdmin = (role?: Role) => role === 'admin';
/** Filing on a citizen's behalf: the API takes submissions from agents and reception, not supervisors or admins. */
export const mayFile = (role?: Role) => role === 'agent' || role === 'reception';
