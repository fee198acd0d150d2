import { FormEvent, RefObject, useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { CHANNELS, Procedure, STATES } from '../../api/queries';
import { Dropdown } from '@annex/web-kit';
import { useLang, useT } from '../../i18n';

export interface Filters {
  state: string;
  procedure: string;
  channel: string;
  overdue: boolean;
  mine: boolean;
  q: string;
}

export function filtersFrom(search: URLSearchParams): Filters {
  return {
    state: search.get('state') ?? '',
    procedure: search.get('procedure') ?? '',
    channel: search.get('channel') ?? '',
    overdue: search.get('overdue') === 'true',
    mine: search.get('assignee') === 'me',
    q: search.get('q') ?? '',
  };
}

export function filtersToSearch(f: Filters): string {
  const s = new URLSearchParams();
  if (f.state) s.set('state', f.state);
  if (f.procedure) s.set('procedure', f.procedure);
  if (f.channel) s.set('channel', f.channel);
  if (f.overdue) s.set('overdue', 'true');
  if (f.mine) s.set('assignee', 'me');
  if (f.q) s.set('q', f.q);
  const text = s.toString();
  return text ? `?${text}` : '';
}

/** Filters of the work queue; they live in the address so "back" returns to the same view. */
export function QueueFilters({
  filters,
  onChange,
  procedures,
  searchRef,
}: {
  filters: Filters;
  onChange: (f: Filters) => void;
  procedures: Procedure[];
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const t = useT();
  const { lang } = useLang();
  const [q, setQ] = useState(filters.q);
  const all = { value: '', label: t('queue.all') };
  function search(e: FormEvent) {
    e.preventDefault();
    onChange({ ...filters, q: q.trim().length >= 2 ? q.trim() : '' });
  }
  return (
    <div className="filters">
      <form role="search" onSubmit={search} className="search">
        <label htmlFor="queue-q">{t('queue.search')}</label>
        <span className="hint" id="queue-q-hint">
          {t('queue.searchHint')}
        </span>
        <div className="inline">
          <input
            id="queue-q"
            ref={searchRef}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            aria-describedby="queue-q-hint"
            autoComplete="off"
          />
          <Button type="submit">{t('queue.searchButton')}</Button>
        </div>
      </form>
      <Dropdown
        id="f-state"
        label={t('queue.state')}
        value={filters.state}
        onChange={(state) => onChange({ ...filters, state })}
        options={[{ value: '', label: t('queue.openStates') }, ...STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))]}
      />
      <Dropdown
        id="f-procedure"
        label={t('queue.procedure')}
        value={filters.procedure}
        onChange={(procedure) => onChange({ ...filters, procedure })}
        options={[all, ...procedures.map((p) => ({ value: p.code, label: p.name[lang] }))]}
      />
      <Dropdown
        id="f-channel"
        label={t('queue.channel')}
        value={filters.channel}
        onChange={(channel) => onChange({ ...filters, channel })}
        options={[all, ...CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))]}
      />
      <Checkbox className="checkbox" isSelected={filters.overdue} onChange={(overdue) => onChange({ ...filters, overdue })}>
        <span className="box" aria-hidden="true" />
        {t('queue.overdueOnly')}
      </Checkbox>
      <Checkbox className="checkbox" isSelected={filters.mine} onChange={(mine) => onChange({ ...filters, mine })}>
        <span className="box" aria-hidden="true" />
        {t('queue.mine')}
      </Checkbox>
    </div>
  );
}
