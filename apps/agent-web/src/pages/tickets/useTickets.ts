import { useQuery } from '@tanstack/react-query';
import type { Schemas } from '@annex/api-client';
import { api, must } from '../../api/client';

export type Ticket = Schemas['TicketDto'];
export const PRIORITIES = ['elderly', 'disabled', 'pregnant'] as const;

/** Today's tickets in one state, refreshed every 5 s (the waiting room moves fast). */
export function useTickets(state: 'waiting' | 'called') {
  return useQuery({
    queryKey: ['tickets', state],
    queryFn: async () => must(await api.GET('/api/v1/tickets', { params: { query: { state, limit: 100 } as never } })).items,
    refetchInterval: 5_000,
  });
}

export function useCounters() {
  return useQuery({
    queryKey: ['counters'],
    queryFn: async () => must(await api.GET('/api/v1/counters', { params: { query: { limit: 100 } } })).items,
    staleTime: 10 * 60_000,
  });
}

/** Per group: how many wait, and how long the first of them has waited (minutes). */
export function waitingByGroup(waiting: Ticket[], now = Date.now()): { group: string; count: number; longestMinutes: number }[] {
  const groups = new Map<string, { count: number; oldest: number }>();
  for (const t of waiting) {
    const at = Date.parse(t.createdAt);
    const g = groups.get(t.group) ?? { count: 0, oldest: at };
    groups.set(t.group, { count: g.count + 1, oldest: Math.min(g.oldest, at) });
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, g]) => ({ group, count: g.count, longestMinutes: Math.max(0, Math.floor((now - g.oldest) / 60_000)) }));
}
