import { useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';
import { api, must } from '../../api/client';
import { TextInput } from '@annex/web-kit';
import { useFormat, useT } from '../../i18n';
import { CitizenForm } from './CitizenForm';
import type { Citizen } from './FilingPage';

/**
 * Step 1: find the walk-in in the register (CIN, phone or name), or create their account.
 * `title` and `reason` (the purpose recorded in the access log) default to assisted filing.
 */
export function CitizenStep({
  onChosen,
  title,
  reason = 'assisted filing',
}: {
  onChosen: (c: Citizen) => void;
  title?: string;
  reason?: string;
}) {
  const t = useT();
  const f = useFormat();
  const [q, setQ] = useState('');
  const [asked, setAsked] = useState('');
  const [creating, setCreating] = useState(false);
  const found = useQuery({
    queryKey: ['citizens', asked, reason],
    // The search is recorded in each found citizen's access log, with the desk's purpose.
    queryFn: async () => must(await api.GET('/api/v1/citizens', { params: { query: { q: asked, limit: 20, reason } } })).items,
    enabled: asked.length >= 3,
  });
  if (creating)
    return (
      <CitizenForm
        initialCin={/^[A-Za-z]{1,2}\d+$/.test(asked) ? asked.toUpperCase() : ''}
        onCreated={onChosen}
        onBack={() => setCreating(false)}
      />
    );
  function search(e: FormEvent) {
    e.preventDefault();
    setAsked(q.trim());
  }
  return (
    <>
      <h1>{title ?? t('filing.citizenTitle')}</h1>
      <form role="search" onSubmit={search} noValidate>
        <TextInput
          id="citizen-q"
          label={t('filing.citizenSearch')}
          hint={t('filing.citizenSearchHint')}
          value={q}
          onChange={setQ}
          autoComplete="off"
          autoFocus
        />
        <Button type="submit">{t('queue.searchButton')}</Button>
      </form>
      <div aria-live="polite">
        {found.data && (
          <>
            <p role="status">{t('filing.found', { n: found.data.length })}</p>
            <ul className="choices">
              {found.data.map((c) => (
                <li key={c.id}>
                  <span>
                    <strong dir="ltr">{`${c.firstName} ${c.lastName}`}</strong> · <span dir="ltr">{c.cin}</span> · {f.date(c.birthDate)}
                  </span>
                  <Button
                    onPress={() => onChosen(c)}
                    aria-label={t('filing.chooseCitizen', { name: `${c.firstName} ${c.lastName}`, cin: c.cin })}
                  >
                    {t('filing.choose')}
                  </Button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <p>{t('filing.notFoundHint')}</p>
      <Button onPress={() => setCreating(true)}>{t('filing.newCitizen')}</Button>
    </>
  );
}
