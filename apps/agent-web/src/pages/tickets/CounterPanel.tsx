import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, must } from '../../api/client';
import { useMe } from '../../api/me';
import { useT } from '../../i18n';
import { AppointmentNote } from './AppointmentNote';
import { groupName } from './names';
import { Ticket, useCounters, useTickets } from './useTickets';
import { WaitingRoom } from './WaitingRoom';

type Action = 'next' | 'recall' | 'noShow' | 'close' | 'transfer';

/**
 * The counter panel: the ticket this counter called, "call next" for the counter's groups, recall,
 * no-show, transfer, close, with keys (N, R, X, T, F). Calling the next while a ticket is still
 * called closes that one as served (the team's rule).
 */
export function CounterPanel() {
  const t = useT();
  const me = useMe().data!;
  const client = useQueryClient();
  const counters = useCounters();
  const called = useTickets('called');
  const waiting = useTickets('waiting');
  const counter = counters.data?.find((c) => c.number === me.counter);
  const groups = counter?.groups ?? [];
  // The one this counter called last (older ones, if any, were left called by an earlier session).
  const current: Ticket | undefined = (called.data ?? [])
    .filter((x) => x.counter === me.counter)
    .sort((a, b) => (b.calledAt ?? '').localeCompare(a.calledAt ?? ''))[0];
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [transferTo, setTransferTo] = useState('');
  // The last call-next answer: for a booked visit it carries the booking (code, procedure, request).
  const [lastCall, setLastCall] = useState<Ticket | null>(null);
  const transferRef = useRef<HTMLSelectElement>(null);

  const act = useMutation({
    mutationFn: async (a: Action): Promise<Ticket> => {
      if (a === 'next') {
        // The visitor at the desk is served: closed first, so the screen and the figures never
        // keep two tickets at one counter (the API's call-next does the same on its side).
        if (current) await api.POST('/api/v1/tickets/{id}/close', { params: { path: { id: current.id } }, body: {} });
        return must(
          await api.POST('/api/v1/counters/{counter}/call-next', { params: { path: { counter: me.counter! } }, body: { groups } }),
        );
      }
      const path = { params: { path: { id: current!.id } } };
      if (a === 'recall') return must(await api.POST('/api/v1/tickets/{id}/recall', path));
      if (a === 'noShow') return must(await api.POST('/api/v1/tickets/{id}/no-show', path));
      if (a === 'transfer') return must(await api.POST('/api/v1/tickets/{id}/transfer', { ...path, body: { group: transferTo } }));
      return must(await api.POST('/api/v1/tickets/{id}/close', { ...path, body: {} }));
    },
    onSuccess: (ticket, a) => {
      if (a === 'next') setLastCall(ticket);
      const done = {
        next: 'tickets.calledNotice',
        recall: 'tickets.recalledNotice',
        noShow: 'tickets.noShowNotice',
        close: 'tickets.closedNotice',
        transfer: 'tickets.transferredNotice',
      } as const;
      setNotice({ kind: 'ok', text: t(done[a], { number: ticket.number, group: groupName(t, ticket.group) }) });
      if (a === 'transfer') setTransferTo('');
    },
    onError: (e, a) =>
      setNotice({
        kind: 'error',
        text: a === 'next' && e instanceof ApiError && e.status === 404 ? t('tickets.nobodyNow') : t('errors.failed'),
      }),
    onSettled: () => client.invalidateQueries({ queryKey: ['tickets'] }),
  });
  const run = act.mutate;
  const busy = act.isPending;

  // Keys, ignored while typing or choosing in a field.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.ctrlKey || e.metaKey || e.altKey || busy) return;
      if ((e.target as HTMLElement).closest('input, textarea, select, [role="dialog"]')) return;
      const key = e.key.toLowerCase();
      if (key === 'n' && groups.length) run('next');
      else if (current && key === 'r') run('recall');
      else if (current && key === 'x') run('noShow');
      else if (current && key === 'f') run('close');
      else if (current && key === 't') {
        e.preventDefault();
        transferRef.current?.focus();
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [run, busy, current, groups.length]);

  if (me.counter == null) return <p className="problem">{t('tickets.noCounter')}</p>;
  const otherGroups = ['A', 'B', 'C'].filter((g) => g !== current?.group);
  return (
    <section aria-labelledby="counter-title">
      <h1 id="counter-title">{t('tickets.counterTitle', { n: me.counter })}</h1>
      <p className="caption">{t('tickets.serves', { groups: groups.map((g) => groupName(t, g)).join(', ') || '—' })}</p>
      <div aria-live="polite" className="notices">
        {notice && <p className={notice.kind === 'ok' ? 'success' : 'problem'}>{notice.text}</p>}
      </div>
      <div className="panel current-ticket" aria-labelledby="current-title">
        <h2 id="current-title">{t('tickets.current')}</h2>
        {current ? (
          <>
            <p className="ticket-number" data-number={current.number}>
              <bdi dir="ltr" className="code">
                {current.number}
              </bdi>
            </p>
            <p>
              {groupName(t, current.group)}
              {current.priority && (
                <>
                  {' '}
                  · <strong>{t(`tickets.priority.${current.priority}` as 'tickets.priority.elderly')}</strong>
                </>
              )}
            </p>
            {current.appointmentId && (
              <AppointmentNote ticket={current} booking={lastCall?.id === current.id ? lastCall.appointment : undefined} />
            )}
          </>
        ) : (
          <p>{t('tickets.noCurrent')}</p>
        )}
        <div className="button-row">
          <button type="button" className="primary" disabled={busy || !groups.length} onClick={() => run('next')} aria-keyshortcuts="N">
            {t(current ? 'tickets.closeAndNext' : 'tickets.callNext')}
          </button>
          <button type="button" disabled={busy || !current} onClick={() => run('recall')} aria-keyshortcuts="R">
            {t('tickets.recall')}
          </button>
          <button type="button" disabled={busy || !current} onClick={() => run('noShow')} aria-keyshortcuts="X">
            {t('tickets.noShow')}
          </button>
          <button type="button" disabled={busy || !current} onClick={() => run('close')} aria-keyshortcuts="F">
            {t('tickets.close')}
          </button>
        </div>
        <div className="inline">
          <div className="field">
            <label htmlFor="transfer-group">{t('tickets.transferTo')}</label>
            <select
              id="transfer-group"
              ref={transferRef}
              value={transferTo}
              disabled={!current}
              onChange={(e) => setTransferTo(e.target.value)}
              aria-keyshortcuts="T"
            >
              <option value="">—</option>
              {otherGroups.map((g) => (
                <option key={g} value={g}>
                  {groupName(t, g)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" disabled={busy || !current || !transferTo} onClick={() => run('transfer')}>
            {t('tickets.transfer')}
          </button>
        </div>
      </div>
      <aside className="shortcuts" aria-labelledby="counter-keys">
        <h2 id="counter-keys">{t('keys.title')}</h2>
        <p>{t('tickets.keys')}</p>
      </aside>
      <WaitingRoom waiting={waiting.data ?? []} groups={groups} />
    </section>
  );
}
