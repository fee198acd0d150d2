import type { InfiniteData } from '@tanstack/react-query';
import type { QueueRow } from '../../api/queries';
import type { Filters } from './QueueFilters';

export type QueuePage = { items: QueueRow[]; nextCursor: string | null };

/** Whether a changed row belongs in the view; null when only the server can say (a text search). */
export function inView(r: QueueRow, f: Filters, meId: string): boolean | null {
  if (f.q) return null;
  if (f.state ? r.state !== f.state : !r.open) return false; // without a state filter: the open ones (the lifecycle's, from the API)
  if (f.procedure && r.procedureCode !== f.procedure) return false;
  if (f.channel && r.channel !== f.channel) return false;
  if (f.overdue && !(r.overdue || r.slaDueAt < new Date().toISOString())) return false;
  if (f.mine && r.assigneeId !== meId) return false;
  return true;
}

const before = (a: QueueRow, b: QueueRow) => a.slaDueAt < b.slaDueAt || (a.slaDueAt === b.slaDueAt && a.id < b.id);

/**
 * The loaded pages with one changed row put in place (by SLA due time, then id, as the API sorts):
 * replaced, moved, removed when it left the view, or added when it falls within what is loaded
 * (beyond the last loaded row it will come with "load more").
 */
export function withRow(
  data: InfiniteData<QueuePage, string | null>,
  row: QueueRow,
  keep: boolean,
): InfiniteData<QueuePage, string | null> {
  const pages = data.pages.map((p) => ({ ...p, items: p.items.filter((r) => r.id !== row.id) }));
  if (keep) {
    const last = pages.length - 1;
    const at = pages.findIndex(
      (p, i) => (i === last && !p.nextCursor) || (p.items.length > 0 && !before(p.items[p.items.length - 1], row)),
    );
    if (at !== -1) {
      const items = pages[at].items;
      const i = items.findIndex((r) => before(row, r));
      pages[at] = { ...pages[at], items: i === -1 ? [...items, row] : [...items.slice(0, i), row, ...items.slice(i)] };
    }
  }
  return { ...data, pages };
}
