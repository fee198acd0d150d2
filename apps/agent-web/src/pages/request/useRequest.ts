import { useQuery } from '@tanstack/react-query';
import { api, must } from '../../api/client';
import { STATES } from '../../api/queries';

/** One request; polled only while the worker is preparing its certificate (approved). */
export function useRequest(id: string) {
  return useQuery({
    queryKey: ['request', id],
    queryFn: async () => must(await api.GET('/api/v1/requests/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.state === 'approved' ? 3_000 : false),
  });
}

export function useEvents(id: string, version: number | undefined) {
  return useQuery({
    queryKey: ['request', id, 'events', version],
    queryFn: async () => must(await api.GET('/api/v1/requests/{id}/events', { params: { path: { id }, query: { limit: 100 } } })).items,
    enabled: version !== undefined,
  });
}

export function useNotifications(id: string, version: number | undefined) {
  return useQuery({
    queryKey: ['request', id, 'notifications', version],
    queryFn: async () =>
      must(await api.GET('/api/v1/requests/{id}/notifications', { params: { path: { id }, query: { limit: 100 } } })).items,
    enabled: version !== undefined,
  });
}

export function useAttachments(id: string) {
  return useQuery({
    queryKey: ['request', id, 'attachments'],
    queryFn: async () => must(await api.GET('/api/v1/requests/{id}/attachments', { params: { path: { id }, query: { limit: 50 } } })).items,
  });
}

/** The citizen's record (the read is logged with why) and their other requests, by CIN. */
export function useCitizen(id: string | undefined, why: string) {
  return useQuery({
    queryKey: ['citizen', id],
    queryFn: async () =>
      must(await api.GET('/api/v1/citizens/{id}', { params: { path: { id: id! }, header: { 'X-Access-Reason': why } } as never })),
    enabled: !!id,
    staleTime: 60_000,
  });
}

export function useHistory(cin: string | undefined) {
  return useQuery({
    queryKey: ['history', cin],
    queryFn: async () =>
      must(await api.GET('/api/v1/requests', { params: { query: { q: cin!, state: STATES.join(','), limit: 50 } as never } })).items,
    enabled: !!cin,
  });
}
