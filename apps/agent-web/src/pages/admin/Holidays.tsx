import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';
import { api, must } from '../../api/client';
import { ErrorSummary, TextInput } from '@annex/web-kit';
import { fieldErrors } from '../../components/problems';
import { useFormat, useT } from '../../i18n';

/** Public holidays of the working-time calendar (the SLA clock stops on them). */
export function Holidays() {
  const t = useT();
  const f = useFormat();
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['holidays'],
    queryFn: async () => must(await api.GET('/api/v1/holidays', { params: { query: { limit: 100 } } })).items,
  });
  const [v, setV] = useState({ day: '', nameFr: '', nameAr: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refresh = () => client.invalidateQueries({ queryKey: ['holidays'] });
  const add = useMutation({
    mutationFn: async () => must(await api.POST('/api/v1/holidays', { body: v })),
    onSuccess: () => {
      setV({ day: '', nameFr: '', nameAr: '' });
      void refresh();
    },
    onError: (e) => setErrors(Object.keys(fieldErrors(e, t)).length ? fieldErrors(e, t) : { day: t('errors.failed') }),
  });
  const remove = useMutation({
    mutationFn: async (id: string) => api.DELETE('/api/v1/holidays/{id}', { params: { path: { id } } }),
    onSettled: refresh,
  });
  const labels: Record<string, string> = { day: t('admin.day'), nameFr: t('admin.nameFr'), nameAr: t('admin.nameAr') };
  function submit(e: FormEvent) {
    e.preventDefault();
    const missing = Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => !x.trim())
        .map(([k]) => [k, t('errors.required')]),
    );
    setErrors(missing);
    if (!Object.keys(missing).length) add.mutate();
  }
  return (
    <section aria-labelledby="holidays-title">
      <h1 id="holidays-title">{t('admin.holidays')}</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('admin.day')}</th>
            <th scope="col">{t('admin.nameFr')}</th>
            <th scope="col">{t('admin.nameAr')}</th>
            <th scope="col">{t('queue.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.map((h) => (
            <tr key={h.id}>
              <td>{h.day ? f.day(h.day) : h.monthDay ? t('admin.everyYear', { monthDay: f.monthDay(h.monthDay) }) : '—'}</td>
              <td lang="fr">{h.nameFr}</td>
              <td lang="ar" dir="rtl">
                {h.nameAr}
              </td>
              <td>
                <Button onPress={() => remove.mutate(h.id)} aria-label={t('admin.removeOne', { name: h.nameFr })}>
                  {t('admin.remove')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={submit} noValidate className="panel">
        <h2>{t('admin.newHoliday')}</h2>
        <ErrorSummary problems={Object.entries(errors).map(([k, message]) => ({ field: `h-${k}`, label: labels[k] ?? k, message }))} />
        <TextInput id="h-day" type="date" label={labels.day} value={v.day} onChange={(day) => setV({ ...v, day })} error={errors.day} />
        <TextInput
          id="h-nameFr"
          label={labels.nameFr}
          value={v.nameFr}
          onChange={(nameFr) => setV({ ...v, nameFr })}
          error={errors.nameFr}
        />
        <TextInput
          id="h-nameAr"
          label={labels.nameAr}
          value={v.nameAr}
          onChange={(nameAr) => setV({ ...v, nameAr })}
          error={errors.nameAr}
          dir="rtl"
        />
        <Button type="submit" className="primary" isDisabled={add.isPending}>
          {t('admin.add')}
        </Button>
      </form>
    </section>
  );
}
