import { useQuery } from '@tanstack/react-query';
import type { Schemas } from '@annex/api-client';
import { api, unwrap } from '../api';
import { useT } from '../i18n';
import { Choice } from '../ui';

export type Beneficiary = Schemas['BeneficiaryDto'];

/** Whom the signed-in citizen may file this procedure for: confirmed minor children, mandators whose active mandate covers it. */
export function useBeneficiaries(procedureCode: string) {
  const { lang } = useT();
  const dependents = useQuery({ queryKey: ['me', 'dependents'], queryFn: () => unwrap(api.GET('/api/v1/me/dependents')) });
  const mandates = useQuery({ queryKey: ['me', 'mandates'], queryFn: () => unwrap(api.GET('/api/v1/me/mandates')) });
  const me = useQuery({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/api/v1/me')), retry: false });
  const name = (latin: string, arabic: string) => (lang === 'ar' ? arabic : latin);
  const children = (dependents.data ?? [])
    .filter((d) => d.status === 'confirmed')
    .map((d) => ({
      value: `dependent:${d.id}`,
      name: name(`${d.firstName} ${d.lastName}`, `${d.firstNameAr} ${d.lastNameAr}`),
      kind: 'dependent' as const,
      id: d.id,
    }));
  const mandators = (mandates.data ?? [])
    // Only the mandates the caller holds (not those they gave) let them file for someone.
    .filter((m) => m.status === 'active' && m.proxy.id === me.data?.id && m.procedures.includes(procedureCode))
    .map((m) => ({
      value: `mandator:${m.mandator.id}`,
      name: name(m.mandator.name, m.mandator.nameAr),
      kind: 'mandator' as const,
      id: m.mandator.id,
    }));
  return [...children, ...mandators];
}

export function ForWhom({ procedureCode, value, onChange }: { procedureCode: string; value: string; onChange: (v: string) => void }) {
  const { t } = useT();
  const options = useBeneficiaries(procedureCode);
  if (!options.length) return null;
  return (
    <Choice
      id="for-whom"
      label={t('family.forWhom')}
      value={value}
      onChange={onChange}
      options={[
        { value: '', label: t('family.myself') },
        ...options.map((o) => ({
          value: o.value,
          label: t(o.kind === 'dependent' ? 'family.forChild' : 'family.forMandator', { name: o.name }),
        })),
      ]}
    />
  );
}

/** `dependent:<id>` → the body's beneficiary (undefined: for oneself). */
export function beneficiaryOf(value: string): Beneficiary | undefined {
  const [kind, id] = value.split(':');
  return kind === 'dependent' || kind === 'mandator' ? { kind: kind as Beneficiary['kind'], id } : undefined;
}

/** "For <child>, filed by <parent>": both people of a request filed for someone else (names in <bdi>). */
export function FiledFor({ request }: { request: Pick<Schemas['RequestDto'], 'filedFor'> }) {
  const { rich, lang } = useT();
  const f = request.filedFor;
  if (!f) return null;
  const name = (p: Schemas['PersonNameDto']) => (lang === 'ar' ? p.nameAr : p.name);
  return (
    <p className="filed-for" data-testid="filed-for">
      {rich('family.filedFor', { name: name(f.beneficiary), filer: name(f.filer) })}
    </p>
  );
}
