import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { api, must, problemCode } from '../../api/client';
import { useMe } from '../../api/me';
import { ServiceRequest, useProcedures } from '../../api/queries';
import { useT } from '../../i18n';
import { navigate, useRoute } from '../../router';
import { filtersFrom, filtersToSearch, QueueFilters } from './QueueFilters';
import { claimable, QueueTable } from './QueueTable';
import { Shortcuts } from './Shortcuts';
import { useQueueKeys } from './useQueueKeys';

/** The staff work queue: open requests by SLA due time, refreshed every 10 s in place. */
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
    limit: 100,
    ...(filters.state ? { state: [filters.state] } : {}),
    ...(filters.procedure ? { procedure: filters.procedure } : {}),
    ...(filters.channel ? { channel: filters.channel } : {}),
    ...(filters.overdue ? { overdue: true } : {}),
    ...(filters.mine ? { assignee: 'me' as const } : {}),
    ...(filters.q ? { q: filters.q } : {}),
  };
  const queue = useQuery({
    queryKey: ['queue', query],
    queryFn: async () => must(await api.GET('/api/v1/requests', { params: { query: query as never } })),
    refetchInterval: 10_000,
    // Keep showing the rows while a refresh or a new filter loads: the agent keeps their place.
    placeholderData: keepPreviousData,
  });
  const items = queue.data?.items ?? [];

  const claim = useMutation({
    mutationFn: async (r: ServiceRequest) => must(await api.POST('/api/v1/requests/{id}/claim', { params: { path: { id: r.id } } })),
    onSuccess: (r) => setNotice({ kind: 'ok', text: t('queue.claimed', { code: r.trackingCode }) }),
    onError: (e) => setNotice({ kind: 'error', text: problemCode(e) === 'already-claimed' ? t('queue.alreadyClaimed') : t('errors.failed') }),
    onSettled: () => client.invalidateQueries({ queryKey: ['queue'] }),
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
      <QueueFilters filters={filters} procedures={procedures.data ?? []} searchRef={searchRef} onChange={(f) => navigate(`/${filtersToSearch(f)}`, true)} />
      <Shortcuts />
      <div aria-live="polite" className="notices">
        {notice && <p className={notice.kind === 'ok' ? 'success' : 'problem'}>{notice.text}</p>}
      </div>
      {queue.isError && <p role="alert" className="problem">{t('errors.failed')}</p>}
      {queue.isPending ? (
        <p role="status">{t('loading')}</p>
      ) : (
        <>
          <p className="count" role="status">
            {t('queue.count', { n: items.length })}
          </p>
          {items.length > 0 && (
            <QueueTable items={items} procedures={procedures.data} me={me} selected={selected} onSelect={setSelected} onClaim={(r) => claim.mutate(r)} claiming={claim.isPending ? (claim.variables?.id ?? null) : null} />
          )}
        </>
      )}
    </section>
  );
}
