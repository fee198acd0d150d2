import type { Schemas } from '@annex/api-client';

/** What survives a page reload in this tab only (sessionStorage): never in localStorage. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  counter: number | null;
}

const KEY = 'agent.session';
type Listener = (s: Session | null) => void;
const listeners = new Set<Listener>();

let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(s: Session | null): void {
  current = s;
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
  listeners.forEach((l) => l(s));
}

export function onSession(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function fromTokens(pair: Schemas['TokenPairDto'], counter: number | null): Session {
  return { accessToken: pair.accessToken, refreshToken: pair.refreshToken, counter };
}
