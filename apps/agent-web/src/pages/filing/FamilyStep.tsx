import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';
import type { Schemas } from '@annex/api-client';
import { api, must } from '../../api/client';
import { TextInput } from '@annex/web-kit';
import { fieldErrors } from '../../components/problems';
import { useLang, useT } from '../../i18n';
import type { Citizen } from './FilingPage';

export type Beneficiary = Schemas['BeneficiaryDto'] & { name: string };

/**
 * Step 2 at the counter: whom the request is for. The walk-in's children (a pending one is
 * confirmed here, once, against the family record booklet) and those who gave them a mandate;
 * a legalised paper mandate the walk-in brings as mandator is recorded here too.
 */
export function FamilyStep({
  citizen,
  onBack,
  onChosen,
}: {
  citizen: Citizen;
  onBack: () => void;
  onChosen: (b: Beneficiary | undefined) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const client = useQueryClient();
  const reason = 'assisted filing';
  const dependents = useQuery({
    queryKey: ['family', citizen.id, 'dependents'],
    queryFn: async () =>
      must(await api.GET('/api/v1/citizens/{id}/dependents', { params: { path: { id: citizen.id }, query: { reason } } })),
  });
  const mandates = useQuery({
    queryKey: ['family', citizen.id, 'mandates'],
    queryFn: async () => must(await api.GET('/api/v1/citizens/{id}/mandates', { params: { path: { id: citizen.id }, query: { reason } } })),
  });
  const [booklet, setBooklet] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const childName = (d: Schemas['DependentDto']) => (lang === 'ar' ? `${d.firstNameAr} ${d.lastNameAr}` : `${d.firstName} ${d.lastName}`);
  const self = lang === 'ar' ? `${citizen.firstNameAr} ${citizen.lastNameAr}` : `${citizen.firstName} ${citizen.lastName}`;

  async function confirm(d: Schemas['DependentDto']) {
    try {
      must(
        await api.POST('/api/v1/dependents/{id}/confirm', { params: { path: { id: d.id } }, body: { bookletRef: booklet[d.id] ?? '' } }),
      );
      void client.invalidateQueries({ queryKey: ['family', citizen.id] });
    } catch (err) {
      setErrors((e) => ({ ...e, [d.id]: Object.values(fieldErrors(err, t))[0] ?? t('errors.failed') }));
    }
  }
  const held = (mandates.data ?? []).filter((m) => m.status === 'active' && m.proxy.id === citizen.id);
  const children = dependents.data ?? [];
  return (
    <>
      <h1>{t('family.forWhom')}</h1>
      <ul className="choices">
        <li>
          <span>{t('family.self', { name: self })}</span>
          <Button onPress={() => onChosen(undefined)}>{t('filing.choose')}</Button>
        </li>
        {children.map((d) => (
          <li key={d.id}>
            <span>
              {t('family.forChild', { name: childName(d) })} · {t(d.status === 'pending' ? 'family.pending' : 'family.confirmed')}
            </span>
            {d.status === 'confirmed' ? (
              <Button onPress={() => onChosen({ kind: 'dependent' as Beneficiary['kind'], id: d.id, name: childName(d) })}>
                {t('filing.choose')}
              </Button>
            ) : (
              d.status === 'pending' && (
                <span>
                  <TextInput
                    id={`booklet-${d.id}`}
                    label={t('family.bookletRef')}
                    value={booklet[d.id] ?? ''}
                    onChange={(v) => setBooklet((b) => ({ ...b, [d.id]: v }))}
                    error={errors[d.id]}
                    dir="ltr"
                  />
                  <Button onPress={() => void confirm(d)}>{t('family.confirm', { name: childName(d) })}</Button>
                </span>
              )
            )}
          </li>
        ))}
        {held.map((m) => (
          <li key={m.id}>
            <span>
              {t('family.forMandator', { name: lang === 'ar' ? m.mandator.nameAr : m.mandator.name })} · {m.procedures.join(', ')}
            </span>
            <Button
              onPress={() =>
                onChosen({
                  kind: 'mandator' as Beneficiary['kind'],
                  id: m.mandator.id,
                  name: lang === 'ar' ? m.mandator.nameAr : m.mandator.name,
                })
              }
            >
              {t('filing.choose')}
            </Button>
          </li>
        ))}
      </ul>
      <PaperMandate citizen={citizen} name={self} />
      <Button onPress={onBack}>{t('filing.back')}</Button>
    </>
  );
}

function PaperMandate({ citizen, name }: { citizen: Citizen; name: string }) {
  const t = useT();
  const client = useQueryClient();
  const [d, setD] = useState({ proxyCin: '', procedures: '', validUntil: '', paperRef: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  async function record(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    try {
      must(
        await api.POST('/api/v1/mandates', {
          body: { ...d, mandatorId: citizen.id, procedures: d.procedures.split(/[\s,]+/).filter(Boolean) },
        }),
      );
    } catch (err) {
      return setErrors({ proxyCin: t('errors.failed'), ...fieldErrors(err, t) });
    }
    setErrors({});
    setDone(true);
    void client.invalidateQueries({ queryKey: ['family', citizen.id] });
  }
  const set = (k: keyof typeof d) => (v: string) => setD((x) => ({ ...x, [k]: v }));
  return (
    <form onSubmit={(e) => void record(e)} noValidate aria-labelledby="paper-title">
      <h2 id="paper-title">{t('family.paper')}</h2>
      <p>{t('family.paperHint', { name })}</p>
      <TextInput
        id="paper-proxyCin"
        label={t('family.proxyCin')}
        value={d.proxyCin}
        onChange={set('proxyCin')}
        error={errors.proxyCin}
        dir="ltr"
      />
      <TextInput
        id="paper-procedures"
        label={t('family.procedures')}
        value={d.procedures}
        onChange={set('procedures')}
        error={errors.procedures}
        dir="ltr"
      />
      <TextInput
        id="paper-validUntil"
        type="date"
        label={t('family.validUntil')}
        value={d.validUntil}
        onChange={set('validUntil')}
        error={errors.validUntil}
      />
      <TextInput
        id="paper-paperRef"
        label={t('family.paperRef')}
        value={d.paperRef}
        onChange={set('paperRef')}
        error={errors.paperRef}
        dir="ltr"
      />
      {done && <p role="status">{t('family.recorded')}</p>}
      <Button type="submit">{t('family.record')}</Button>
    </form>
  );
}
