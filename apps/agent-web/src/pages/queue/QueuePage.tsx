import { InfiniteData, keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { api, must, problemCode } from '../../api/client';
import { useMe } from '../../api/me';
import { QueueRow, useProcedures } from '../../api/queries';
import { useT } from '../../i18n';
import { navigate, useRoute } from '../../router';
import { filtersFrom, filtersToSearch, QueueFilters } from './QueueFilters';
import { claimable, QueueTable } from './QueueTable';
import { Shortcuts } from './Shortcuts';
import { useQueueKeys } from './useQueueKeys';
import { inView, QueuePage as Page, withRow } from './queueRows';
import { useQueueStream } from './useQueueStream';

/** Rows a screen shows; more on demand. */
const PAGE = 25;

/**
 * The staff work queue: open requests by SLA due time. Changes are pushed (server-sent events)
 * and put in place; while the stream is down the page asks every 10 s, conditionally (304 when
 * nothing changed).
 */
export function QueuePage() {
  const t = useT();
  const me = useMe().data!;
  const { search } = useRoute();
  const filters = filtersFrom(search);
  const procedures = useProcedures();
  const client = useQueryClient();
  const searchRef = useRef<HTMLInputElement>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const query = {
    limit: PAGE,
    ...(filters.state ? { state: [filters.state] } : {}),
    ...(filters.procedure ? { procedure: filters.procedure } : {}),
    ...(filters.channel ? { channel: filters.channel } : {}),
    ...(filters.overdue ? { overdue: true } : {}),
    ...(filters.mine ? { assignee: 'me' as const } : {}),
    ...(filters.q ? { q: filters.q } : {}),
  };
  const queryKey = ['queue', query];
  // The last answer and its ETag per page: a 304 keeps it.
  const tags = useRef(new Map<string, { etag: string; page: Page }>());
  const live = useQueueStream({
    row: (r) => {
      const keep = inView(r, filters, me.id);
      if (keep === null) void client.invalidateQueries({ queryKey: ['queue'] });
      else client.setQueryData<InfiniteData<Page, string | null>>(queryKey, (d) => (d ? withRow(d, r, keep) : d));
    },
    resync: () => void client.invalidateQueries({ queryKey: ['queue'] }),
  });
  const queue = useInfiniteQuery({
    queryKey,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) => {
      const key = JSON.stringify([query, pageParam]);
      const prior = tags.current.get(key);
      const r = await api.GET('/api/v1/requests', {
        params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } as never },
        headers: prior ? { 'If-None-Match': prior.etag } : {},
      });
      if (r.response.status === 304 && prior) return prior.page;
      const page = must(r) as Page;
      const etag = r.response.headers.get('etag');
      if (etag) tags.current.set(key, { etag, page });
      return page;
    },
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: live ? false : 10_000,
    // Keep showing the rows while a refresh or a new filter loads: the agent keeps their place.
    placeholderData: keepPreviousData,
  });
  const items = queue.data?.pages.flatMap((p) => p.items) ?? [];

  const claim = useMutation({
    mutationFn: async (r: QueueRow) => must(await api.POST('/api/v1/requests/{id}/claim', { params: { path: { id: r.id } } })),
    onSuccess: (r) => setNotice({ kind: 'ok', text: t('queue.claimed', { code: r.trackingCode }) }),
    onError: (e) =>
      setNotice({ kind: 'error', text: problemCode(e) === 'already-claimed' ? t('queue.alreadyClaimed') : t('errors.failed') }),
    // While the stream is open the claimed row comes pushed; otherwise ask now.
    onSettled: () => (live ? undefined : client.invalidateQueries({ queryKey: ['queue'] })),
  });
  // useMutation's result is a new object each render; its mutate is stable (the shortcut listener is not re-bound every render).
  const mutateClaim = claim.mutate;

  const move = useCallback(
    (delta: 1 | -1) => {
      if (!items.length) return;
      const at = items.findIndex((r) => r.id === selected);
      const next = items[Math.min(items.length - 1, Math.max(0, at === -1 ? 0 : at + delta))];
      setSelected(next.id);
      document.querySelector<HTMLElement>(`tr[data-id="${next.id}"] a`)?.focus();
    },
    [items, selected],
  );
  const open = useCallback(() => {
    if (selected) navigate(`/requests/${selected}`);
  }, [selected]);
  const claimSelected = useCallback(() => {
    const r = items.find((x) => x.id === selected);
    if (r && claimable(r)) mutateClaim(r);
  }, [items, selected, me.role, mutateClaim]);
  useQueueKeys({ search: searchRef, move, open, claim: claimSelected });

  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t('queue.title')}</h1>
      <QueueFilters
        filters={filters}
        procedures={procedures.data ?? []}
        searchRef={searchRef}
        onChange={(f) => navigate(`/${filtersToSearch(f)}`, true)}
      />
      <Shortcuts />
      <div aria-live="polite" className="notices">
        {notice && <p className={notice.kind === 'ok' ? 'success' : 'problem'}>{notice.text}</p>}
      </div>
      {queue.isError && (
        <p role="alert" className="problem">
          {t('errors.failed')}
        </p>
      )}
      {queue.isPending ? (
        <p role="status">{t('loading')}</p>
      ) : (
        <>
          <p className="count" role="status">
            {t('queue.count', { n: items.length })}
          </p>
          {items.length > 0 && (
            <QueueTable
              items={items}
              procedures={procedures.data}
              me={me}
              selected={selected}
              onSelect={setSelected}
              onClaim={(r) => claim.mutate(r)}
              claiming={claim.isPending ? (claim.variables?.id ?? null) : null}
            />
          )}
          {queue.hasNextPage && (
            <Button className="more" onPress={() => void queue.fetchNextPage()} isDisabled={queue.isFetchingNextPage}>
              {t('queue.more', { n: PAGE })}
            </Button>
          )}
        </>
      )}
    </section>
  );
}
