import { QueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { createApiClient, Schemas } from '@annex/api-client';
import { unwrap } from './api';

/** The CIN and phone rules as the API publishes them (`GET /api/v1/identity/patterns`, libs/core's identity module). */
export type IdentityPatterns = Schemas['IdentityPatternsDto'];
type Client = ReturnType<typeof createApiClient>;

/** What a page checks a typed CIN or phone number with, before it sends it. */
export interface IdentityRules {
  /** A CIN in any case and spacing is one, by the API's rule. */
  isCin(value: string): boolean;
  /** A Moroccan mobile (it takes an SMS) as people type it (06…, +2126…, 002126…), in E.164; null when it is not one. */
  mobile(value: string): string | null;
  /** Any Moroccan number (fixed line or mobile) as typed, in E.164; null when it is not one. */
  phone(value: string): string | null;
}

/** A CIN as the register stores it: capitals, no spaces. */
export const normalizeCin = (value: string) => value.trim().toUpperCase().replace(/\s+/g, '');

/** The nine national digits of a Moroccan number however it is written (0…, +212…, 00212…, 212…, spaces, dots). */
const nationalDigits = (value: string) => /^(?:\+212|00212|212|0)([0-9]{9})$/.exec(value.replace(/[\s.()-]/g, ''))?.[1];

/**
 * The rules read from the published patterns. Without them (the API could not be reached) a number
 * is only put in E.164 and a CIN is not judged here: the API applies the same rules and names the field.
 */
export function identityRules(patterns?: IdentityPatterns | null): IdentityRules {
  const cin = patterns && new RegExp(patterns.cin);
  const mobile = patterns && new RegExp(patterns.mobile);
  const phone = patterns && new RegExp(patterns.phone);
  const e164 = (value: string, rule?: RegExp | null) => {
    const digits = nationalDigits(value);
    return digits && (!rule || rule.test(`+212${digits}`)) ? `+212${digits}` : null;
  };
  return {
    isCin: (value) => !cin || cin.test(normalizeCin(value)),
    mobile: (value) => e164(value, mobile),
    phone: (value) => e164(value, phone),
  };
}

/**
 * Fetched once per page load (the rules change only with a release) and shared by every form. A
 * failure is kept as null, never thrown: the form still works and the API still checks; the next
 * form asks again.
 */
const identityQuery = (api: Client) => ({
  queryKey: ['web-kit', 'identity-patterns'],
  queryFn: (): Promise<IdentityPatterns | null> => unwrap(api.GET('/api/v1/identity/patterns')).catch(() => null),
  staleTime: (q: { state: { data?: IdentityPatterns | null } }) => (q.state.data ? Infinity : 0),
  gcTime: Infinity,
});

/** Asks for the rules when the app starts, so that a form rarely waits for them. */
export function prefetchIdentity(client: QueryClient, api: Client): void {
  void client.prefetchQuery(identityQuery(api));
}

/**
 * The API's identity rules, for a form. The form suspends (its page's loading state) until they
 * are known, so a check made at once — a CIN typed and sent in a second — is made with them.
 */
export function useIdentity(api: Client): IdentityRules {
  const { data } = useSuspenseQuery(identityQuery(api));
  return useMemo(() => identityRules(data), [data]);
}
