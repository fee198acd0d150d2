import { RefObject, useEffect } from 'react';

interface Handlers {
  search: RefObject<HTMLInputElement | null>;
  move: (delta: 1 | -1) => void;
  open: () => void;
  claim: () => void;
}

/** The queue's shortcuts (`/`, `j`, `k`, `Enter`, `c`), ignored while typing in a field. */
export function useQueueKeys({ search, move, open, claim }: Handlers): void {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, select, [role="listbox"], [role="dialog"]')) return;
      if (e.key === '/') {
        e.preventDefault();
        search.current?.focus();
      } else if (e.key === 'j') move(1);
      else if (e.key === 'k') move(-1);
      else if (e.key === 'c') claim();
      // Enter on a focused link or button does its own thing.
      else if (e.key === 'Enter' && !target.closest('a, button')) open();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [search, move, open, claim]);
}
