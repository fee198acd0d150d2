import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';
import { api, must, problemCode } from '../../api/client';
import { ErrorSummary, LongText, TextInput } from '@annex/web-kit';
import { fieldErrors } from '../../components/problems';
import { MessageId, useT } from '../../i18n';
import { NewStaff } from './StaffPage';

/** One annex being onboarded: what is missing (the checklist), how to add it, and the explicit opening. */
export function AnnexPage({ id }: { id: string }) {
  const t = useT();
  const client = useQueryClient();
  const annex = useQuery({
    queryKey: ['annex', id],
    queryFn: async () => must(await api.GET('/api/v1/annexes/{id}', { params: { path: { id } } })),
  });
  const checklist = useQuery({
    queryKey: ['annex', id, 'checklist'],
    queryFn: async () => must(await api.GET('/api/v1/annexes/{id}/checklist', { params: { path: { id } } })),
  });
  const changed = () => client.invalidateQueries({ queryKey: ['annex', id] });
  const open = useMutation({
    mutationFn: async () => must(await api.POST('/api/v1/annexes/{id}/open', { params: { path: { id } } })),
    onSettled: () => {
      void changed();
      void client.invalidateQueries({ queryKey: ['annexes'] });
    },
  });
  if (!annex.data) return <p role="status">{t('loading')}</p>;
  const a = annex.data;
  return (
    <section aria-labelledby="annex-title">
      <h1 id="annex-title">
        {a.nameFr} <span dir="ltr">({a.code})</span>
      </h1>
      <p lang="ar" dir="rtl">
        {a.nameAr}
      </p>
      {a.nameZgh && (
        <p lang="zgh" dir="ltr" className="annex-zgh">
          {a.nameZgh}
        </p>
      )}
      <p role="status" className={`annex-status annex-${a.status}`}>
        {t(`annex.status.${a.status}` as MessageId)}
      </p>
      <h2 id="checklist-title">{t('annex.checklist')}</h2>
      <ul aria-labelledby="checklist-title" className="checklist">
        {checklist.data?.items.map((i) => (
          <li key={i.key} data-done={i.done}>
            <span aria-hidden="true">{i.done ? '✓' : '✗'}</span> {t(`annex.item.${i.key}` as MessageId)} —{' '}
            {t(i.done ? 'annex.done' : 'annex.missing')}
          </li>
        ))}
      </ul>
      {a.status === 'draft' && (
        <>
          {open.isError && (
            <p role="alert" className="problem">
              {t(problemCode(open.error) === 'annex-not-ready' ? 'annex.notReady' : 'errors.failed')}
            </p>
          )}
          <Button className="primary" isDisabled={!checklist.data?.ready || open.isPending} onPress={() => open.mutate()}>
            {t('annex.open')}
          </Button>
        </>
      )}
      <ImportNeighbourhoods id={id} onDone={changed} />
      <AddCounter id={id} onDone={changed} />
      <NewStaff annexId={id} onCreated={changed} />
    </section>
  );
}

function ImportNeighbourhoods({ id, onDone }: { id: string; onDone: () => void }) {
  const t = useT();
  const [csv, setCsv] = useState('code,nameAr,nameFr\n');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const run = useMutation({
    mutationFn: async () => must(await api.POST('/api/v1/annexes/{id}/neighbourhoods', { params: { path: { id } }, body: { csv } })),
    onSuccess: () => {
      setErrors({});
      onDone();
    },
    onError: (e) => setErrors(Object.keys(fieldErrors(e, t)).length ? fieldErrors(e, t) : { csv: t('errors.failed') }),
  });
  return (
    <form
      className="panel"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        run.mutate();
      }}
    >
      <h2>{t('annex.neighbourhoods')}</h2>
      <ErrorSummary problems={Object.entries(errors).map(([, message]) => ({ field: 'n-csv', label: t('annex.csv'), message }))} />
      <LongText id="n-csv" label={t('annex.csv')} hint={t('annex.csvHint')} value={csv} onChange={setCsv} error={errors.csv} />
      {run.data && <p role="status">{t('annex.imported', { imported: run.data.imported, total: run.data.total })}</p>}
      <Button type="submit" isDisabled={run.isPending}>
        {t('annex.import')}
      </Button>
    </form>
  );
}

function AddCounter({ id, onDone }: { id: string; onDone: () => void }) {
  const t = useT();
  const [v, setV] = useState({ number: '', groups: 'A' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const counters = useQuery({
    queryKey: ['annex', id, 'counters'],
    queryFn: async () => must(await api.GET('/api/v1/annexes/{id}/counters', { params: { path: { id }, query: { limit: 100 } } })).items,
  });
  const put = useMutation({
    mutationFn: async () =>
      must(
        await api.PUT('/api/v1/annexes/{id}/counters', {
          params: { path: { id } },
          body: {
            number: Number(v.number),
            groups: v.groups
              .split(/[\s,]+/)
              .filter(Boolean)
              .map((g) => g.toUpperCase()),
          },
        }),
      ),
    onSuccess: () => {
      setErrors({});
      setV({ number: '', groups: 'A' });
      onDone();
    },
    onError: (e) => setErrors(Object.keys(fieldErrors(e, t)).length ? fieldErrors(e, t) : { number: t('errors.failed') }),
  });
  return (
    <form
      className="panel"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (!v.number.trim()) setErrors({ number: t('errors.required') });
        else put.mutate();
      }}
    >
      <h2>{t('annex.counters')}</h2>
      <ul>
        {counters.data?.map((c) => (
          <li key={c.number}>
            {c.label} — <span dir="ltr">{c.groups.join(', ')}</span>
          </li>
        ))}
      </ul>
      <ErrorSummary
        problems={Object.entries(errors).map(([k, message]) => ({
          field: `c-${k}`,
          label: t(k === 'groups' ? 'annex.groups' : 'annex.counterNumber'),
          message,
        }))}
      />
      <TextInput
        id="c-number"
        type="number"
        label={t('annex.counterNumber')}
        value={v.number}
        onChange={(number) => setV({ ...v, number })}
        error={errors.number}
        dir="ltr"
      />
      <TextInput
        id="c-groups"
        label={t('annex.groups')}
        hint={t('annex.groupsHint')}
        value={v.groups}
        onChange={(groups) => setV({ ...v, groups })}
        error={errors.groups}
        dir="ltr"
      />
      <Button type="submit" isDisabled={put.isPending}>
        {t('annex.addCounter')}
      </Button>
    </form>
  );
}
