import { useMutation } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import type { Schemas } from '@annex/api-client';
import { Button } from 'react-aria-components';
import { api, must } from '../../api/client';
import { useNeighbourhoods } from '../../api/queries';
import { Choice, Dropdown, ErrorSummary, TextInput } from '@annex/web-kit';
import { fieldErrors } from '../../components/problems';
import { MessageId, useLang, useT } from '../../i18n';
import type { Citizen } from './FilingPage';

type Input = Schemas['CitizenInput'];
const TEXT: { key: keyof Input; type?: 'date' | 'tel' | 'email'; dir?: 'ltr' | 'rtl'; optional?: boolean }[] = [
  { key: 'cin', dir: 'ltr' },
  { key: 'lastName', dir: 'ltr' },
  { key: 'firstName', dir: 'ltr' },
  { key: 'lastNameAr', dir: 'rtl' },
  { key: 'firstNameAr', dir: 'rtl' },
  { key: 'birthDate', type: 'date' },
  { key: 'phone', type: 'tel', dir: 'ltr' },
  { key: 'email', type: 'email', dir: 'ltr', optional: true },
  { key: 'addressLine', optional: true },
];

/** Assisted creation of a citizen account (POST /citizens); they claim it later by SMS code. */
export function CitizenForm({
  initialCin,
  onCreated,
  onBack,
}: {
  initialCin: string;
  onCreated: (c: Citizen) => void;
  onBack: () => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const neighbourhoods = useNeighbourhoods();
  const [v, setV] = useState<Record<string, string>>({ cin: initialCin, preferredLanguage: lang, preferredChannel: 'sms' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const label = (k: string) => t(`citizen.field.${k}` as MessageId);
  const create = useMutation({
    mutationFn: async (body: Input) => must(await api.POST('/api/v1/citizens', { body })),
    onSuccess: onCreated,
    onError: (e) => setErrors(Object.keys(fieldErrors(e, t)).length ? fieldErrors(e, t) : { _: t('errors.failed') }),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const missing: Record<string, string> = {};
    for (const f of [...TEXT.filter((x) => !x.optional).map((x) => x.key), 'sex', 'neighbourhoodId'])
      if (!v[f]?.trim()) missing[f] = t('errors.required');
    setErrors(missing);
    if (Object.keys(missing).length) return;
    const body = Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x.trim() !== '')
        .map(([k, x]) => [k, x.trim()]),
    );
    create.mutate({ ...body, cin: body.cin.toUpperCase() } as unknown as Input);
  }
  const problems = Object.entries(errors).map(([k, message]) => ({
    field: k === '_' ? 'cin' : `c-${k}`,
    label: k === '_' ? t('error.summary') : label(k),
    message,
  }));
  const set = (k: string) => (x: string) => setV((o) => ({ ...o, [k]: x }));
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary problems={problems} />
      <h1>{t('filing.newCitizen')}</h1>
      <p>{t('filing.newCitizenIntro')}</p>
      {TEXT.map((f) => (
        <TextInput
          key={f.key}
          id={`c-${f.key}`}
          label={f.optional ? t('filing.optional', { label: label(f.key) }) : label(f.key)}
          type={f.type}
          dir={f.dir}
          value={v[f.key] ?? ''}
          onChange={set(f.key)}
          error={errors[f.key]}
        />
      ))}
      <Choice
        id="c-sex"
        label={label('sex')}
        value={v.sex ?? ''}
        onChange={set('sex')}
        error={errors.sex}
        options={[
          { value: 'F', label: t('citizen.sex.F') },
          { value: 'M', label: t('citizen.sex.M') },
        ]}
      />
      <Dropdown
        id="c-neighbourhoodId"
        label={label('neighbourhoodId')}
        value={v.neighbourhoodId ?? ''}
        onChange={set('neighbourhoodId')}
        options={(neighbourhoods.data ?? []).map((n) => ({ value: n.id, label: lang === 'ar' ? n.nameAr : n.nameFr }))}
      >
        {errors.neighbourhoodId && <span className="field-error">{errors.neighbourhoodId}</span>}
      </Dropdown>
      <Choice
        id="c-preferredLanguage"
        label={label('preferredLanguage')}
        value={v.preferredLanguage}
        onChange={set('preferredLanguage')}
        options={[
          { value: 'ar', label: 'العربية' },
          { value: 'fr', label: 'Français' },
          { value: 'en', label: 'English' },
          { value: 'zgh', label: 'ⵜⴰⵎⴰⵣⵉⵖⵜ' },
        ]}
      />
      <Choice
        id="c-preferredChannel"
        label={label('preferredChannel')}
        value={v.preferredChannel}
        onChange={set('preferredChannel')}
        options={['sms', 'email', 'both'].map((c) => ({ value: c, label: t(`citizen.channel.${c}` as MessageId) }))}
      />
      <div className="button-row">
        <Button type="submit" className="primary" isDisabled={create.isPending}>
          {t('filing.createCitizen')}
        </Button>
        <Button onPress={onBack}>{t('filing.back')}</Button>
      </div>
    </form>
  );
}
