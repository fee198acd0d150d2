import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';
import { api, must } from '../../api/client';
import { annexesQuery } from '../../api/queries';
import { ErrorSummary, TextInput } from '@annex/web-kit';
import { fieldErrors } from '../../components/problems';
import { MessageId, useT } from '../../i18n';
import { Link, navigate } from '../../router';

/** The identity fields an annex is created with, in form order (the API names the same fields). */
const FIELDS = [
  'code',
  'nameFr',
  'nameAr',
  'province',
  'provinceAr',
  'pachalik',
  'pachalikAr',
  'cityFr',
  'cityAr',
  'address',
  'addressAr',
  'signatoryTitleFr',
  'signatoryTitleAr',
] as const;
type Field = (typeof FIELDS)[number];
const RTL = new Set<Field>(['nameAr', 'provinceAr', 'pachalikAr', 'cityAr', 'addressAr', 'signatoryTitleAr']);
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** Annexes of the province (a province-wide admin creates them; an annex admin sees their own). */
export function Annexes() {
  const t = useT();
  const list = useQuery(annexesQuery);
  return (
    <section aria-labelledby="annexes-title">
      <h1 id="annexes-title">{t('annex.title')}</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('admin.code')}</th>
            <th scope="col">{t('admin.nameFr')}</th>
            <th scope="col">{t('admin.nameAr')}</th>
            <th scope="col">{t('annex.status')}</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.map((a) => (
            <tr key={a.id}>
              <td dir="ltr">
                <Link to={`/admin/annexes/${a.id}`}>{a.code}</Link>
              </td>
              <td lang="fr">{a.nameFr}</td>
              <td lang="ar" dir="rtl">
                {a.nameAr}
              </td>
              <td>{t(`annex.status.${a.status}` as MessageId)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewAnnex />
    </section>
  );
}

function NewAnnex() {
  const t = useT();
  const client = useQueryClient();
  const [v, setV] = useState<Record<Field, string>>(() => Object.fromEntries(FIELDS.map((k) => [k, ''])) as Record<Field, string>);
  const [hours, setHours] = useState({ from: '08:30', to: '16:30' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: async () =>
      must(
        await api.POST('/api/v1/annexes', {
          body: {
            ...v,
            code: v.code.trim().toUpperCase(),
            openingHours: Object.fromEntries(WEEKDAYS.map((d) => [d, [hours.from, hours.to]])),
          },
        }),
      ),
    onSuccess: (a) => {
      void client.invalidateQueries({ queryKey: ['annexes'] });
      navigate(`/admin/annexes/${a.id}`);
    },
    onError: (e) => setErrors(Object.keys(fieldErrors(e, t)).length ? fieldErrors(e, t) : { code: t('errors.failed') }),
  });
  const label = (k: string) => t(`annex.field.${k}` as MessageId);
  function submit(e: FormEvent) {
    e.preventDefault();
    const missing = Object.fromEntries(FIELDS.filter((k) => !v[k].trim()).map((k) => [k, t('errors.required')]));
    setErrors(missing);
    if (!Object.keys(missing).length) create.mutate();
  }
  return (
    <form onSubmit={submit} noValidate className="panel">
      <h2>{t('annex.new')}</h2>
      <ErrorSummary
        problems={Object.entries(errors).map(([k, message]) => ({ field: `a-${k.split('.')[0]}`, label: label(k.split('.')[0]), message }))}
      />
      {FIELDS.map((k) => (
        <TextInput
          key={k}
          id={`a-${k}`}
          label={label(k)}
          value={v[k]}
          onChange={(x) => setV({ ...v, [k]: x })}
          error={errors[k]}
          dir={RTL.has(k) ? 'rtl' : k === 'code' ? 'ltr' : undefined}
        />
      ))}
      <fieldset>
        <legend>{t('annex.hours')}</legend>
        <TextInput
          id="a-openingHours"
          label={t('annex.opensAt')}
          value={hours.from}
          onChange={(from) => setHours({ ...hours, from })}
          error={errors.openingHours ?? errors['openingHours.mon']}
          dir="ltr"
        />
        <TextInput id="a-closesAt" label={t('annex.closesAt')} value={hours.to} onChange={(to) => setHours({ ...hours, to })} dir="ltr" />
      </fieldset>
      <Button type="submit" className="primary" isDisabled={create.isPending}>
        {t('annex.create')}
      </Button>
    </form>
  );
}
