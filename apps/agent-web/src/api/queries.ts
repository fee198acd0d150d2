import { useQuery } from '@tanstack/react-query';
import { RequestState as RequestStates, type Schemas } from '@annex/api-client';
import { api, must } from './client';
import { Lang } from '../i18n';

export type Procedure = Schemas['ProcedureDto'];
export type ServiceRequest = Schemas['RequestDto'];
/** A row of the queue (GET /requests, the queue stream): the list columns, no form answers. */
export type QueueRow = Schemas['RequestListItemDto'];
/** The API's enums as plain string unions (the generated types are TS enums). */
export type RequestState = `${Schemas['RequestState']}`;
export type Channel = `${Schemas['Channel']}`;
/** Every state, in the API's lifecycle order (its generated enum). */
export const STATES: RequestState[] = Object.values(RequestStates);
export const CHANNELS: Channel[] = ['web', 'kiosk', 'counter', 'api'];

/** The digital guide (a few procedures): cached for the session. */
export function useProcedures() {
  return useQuery({
    queryKey: ['procedures'],
    queryFn: async () => must(await api.GET('/api/v1/procedures', { params: { query: { limit: 100 } } })).items,
    staleTime: 10 * 60_000,
  });
}

export function useProcedure(code: string | undefined) {
  return useQuery({
    queryKey: ['procedure', code],
    queryFn: async () => must(await api.GET('/api/v1/procedures/{code}', { params: { path: { code: code! } } })),
    enabled: !!code,
    staleTime: 10 * 60_000,
  });
}

/** A procedure's name in the page language, its code while the guide loads. */
export function procedureName(procedures: Procedure[] | undefined, code: string, lang: Lang): string {
  return procedures?.find((p) => p.code === code)?.name[lang] ?? code;
}

export function useNeighbourhoods() {
  return useQuery({
    queryKey: ['neighbourhoods'],
    queryFn: async () => must(await api.GET('/api/v1/neighbourhoods', { params: { query: { limit: 100 } } })).items,
    staleTime: 60 * 60_000,
  });
}

/** The annexes the caller sees: every one for a province-wide admin, else their own. */
export const annexesQuery = {
  queryKey: ['annexes'],
  queryFn: async () => must(await api.GET('/api/v1/annexes', { params: { query: { limit: 100 } } })).items,
};
