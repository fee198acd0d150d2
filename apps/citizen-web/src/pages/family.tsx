import { FormEvent, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import type { Schemas } from '@annex/api-client';
import { api, unwrap } from '../api';
import { MessageId, useT } from '../i18n';
import { ErrorSummary, Failure, FieldProblem, Loading, TextInput, usePageTitle } from '../ui';
import { fieldProblems, generalProblem } from '../problems';
import { useMe } from './profile';

const CHILD_FIELDS = ['firstName', 'lastName', 'firstNameAr', 'lastNameAr', 'birthDate', 'birthRecordRef'] as const;
type Child = Record<(typeof CHILD_FIELDS)[number], string>;
const EMPTY: Child = { firstName: '', lastName: '', firstNameAr: '', lastNameAr: '', birthDate: '', birthRecordRef: '' };

/** "My family": minor children (confirmed at a counter) and mandates given or held. */
export function FamilyPage() {
  const { t } = useT();
  const title = usePageTitle(t('family.title'));
  return (
    <section aria-labelledby="family-title" className="narrow">
      <h1 id="family-title" ref={title} tabIndex={-1}>
        {t('family.title')}
      </h1>
      <p>{t('family.intro')}</p>
      <Dependents />
      <Mandates />
    </section>
  );
}

function Dependents() {
  const { t, lang, date } = useT();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['me', 'dependents'], queryFn: () => unwrap(api.GET('/api/v1/me/dependents')) });
  const [child, setChild] = useState<Child>(EMPTY);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [added, setAdded] = useState(false);
  const label = (f: string) => ((CHILD_FIELDS as readonly string[]).includes(f) ? t(`family.${f}` as MessageId) : undefined);
  const add = useMutation({
    mutationFn: (body: Child) => unwrap(api.POST('/api/v1/me/dependents', { body })),
    onSuccess: () => (setChild(EMPTY), setAdded(true), client.invalidateQueries({ queryKey: ['me', 'dependents'] })),
    onError: (err) => {
      const found = fieldProblems(err, t, label);
      setProblems(found.length ? found : [{ field: 'add-child', message: generalProblem(err, t) }]);
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    setProblems([]);
    setAdded(false);
    add.mutate(child);
  }
  return (
    <>
      <h2>{t('family.dependents')}</h2>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <Failure>{generalProblem(list.error, t)}</Failure>
      ) : list.data.length === 0 ? (
        <p>{t('family.noDependents')}</p>
      ) : (
        <ul className="cards" data-testid="dependents">
          {list.data.map((d) => (
            <li key={d.id} className="card">
              <h3>
                <bdi>{lang === 'ar' ? `${d.firstNameAr} ${d.lastNameAr}` : `${d.firstName} ${d.lastName}`}</bdi>
              </h3>
              <p className="hint">{date(d.birthDate)}</p>
              <p className={`tag ${d.status}`}>{t(`family.status.${d.status}` as MessageId)}</p>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('family.add')}</h3>
      <ErrorSummary problems={problems} />
      {added && <p role="status">{t('family.added')}</p>}
      <form onSubmit={submit} noValidate>
        {CHILD_FIELDS.map((f) => (
          <TextInput
            key={f}
            id={f}
            label={t(`family.${f}` as MessageId)}
            type={f === 'birthDate' ? 'date' : 'text'}
            dir={f.endsWith('Ar') ? 'rtl' : f === 'birthRecordRef' ? 'ltr' : undefined}
            value={child[f]}
            onChange={(v) => setChild((c) => ({ ...c, [f]: v }))}
            error={problems.find((p) => p.field === f)?.message}
            isRequired
          />
        ))}
        <Button id="add-child" type="submit" className="button" isDisabled={add.isPending}>
          {t('family.add')}
        </Button>
      </form>
    </>
  );
}

function Mandates() {
  const { t, lang, date } = useT();
  const client = useQueryClient();
  const me = useMe();
  const list = useQuery({ queryKey: ['me', 'mandates'], queryFn: () => unwrap(api.GET('/api/v1/me/mandates')) });
  const [grant, setGrant] = useState({ proxyCin: '', procedures: 'RESIDENCE', validUntil: '' });
  const [pending, setPending] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const refresh = () => client.invalidateQueries({ queryKey: ['me', 'mandates'] });
  const fail = (button: string) => (err: unknown) => {
    const found = fieldProblems(
      err,
      t,
      (f) =>
        ({
          proxyCin: t('family.proxyCin'),
          procedures: t('family.procedures'),
          validUntil: t('family.validUntil'),
          code: t('family.code'),
        })[f],
    );
    setProblems(found.length ? found : [{ field: button, message: generalProblem(err, t) }]);
  };
  const start = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/me/mandates', { body: { ...grant, procedures: grant.procedures.split(/[\s,]+/).filter(Boolean) } })),
    onSuccess: (r) => (setPending(r.mandate.id), void refresh()),
    onError: fail('grant-button'),
  });
  const confirm = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/me/mandates/{id}/confirm', { params: { path: { id: pending! } }, body: { code } })),
    onSuccess: () => (setPending(null), setCode(''), void refresh()),
    onError: fail('confirm-button'),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/mandates/{id}/revoke', { params: { path: { id } } })),
    onSettled: () => refresh(),
  });
  const name = (p: Schemas['MandatePartyDto']) => (lang === 'ar' ? p.nameAr : p.name);
  const err = (f: string) => problems.find((p) => p.field === f)?.message;
  return (
    <>
      <h2>{t('family.mandates')}</h2>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <Failure>{generalProblem(list.error, t)}</Failure>
      ) : list.data.length === 0 ? (
        <p>{t('family.noMandates')}</p>
      ) : (
        <ul className="cards" data-testid="mandates">
          {list.data.map((m) => (
            <li key={m.id} className="card">
              <h3>
                {m.mandator.id === me.data?.id
                  ? t('family.mandateGiven', { name: name(m.proxy) })
                  : t('family.mandateHeld', { name: name(m.mandator) })}
              </h3>
              <p>{m.procedures.join(', ')}</p>
              <p className="hint">{t('family.mandateUntil', { date: date(m.validUntil) })}</p>
              <p className={`tag ${m.status}`}>{t(`family.mandate.${m.status}` as MessageId)}</p>
              {(m.status === 'active' || m.status === 'pending') && (
                <Button className="button secondary" onPress={() => revoke.mutate(m.id)} isDisabled={revoke.isPending}>
                  {t('family.revoke')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('family.grant')}</h3>
      <ErrorSummary problems={problems} />
      {pending ? (
        <form onSubmit={(e) => (e.preventDefault(), setProblems([]), confirm.mutate())} noValidate>
          <p role="status">{t('family.codeSent')}</p>
          <TextInput
            id="code"
            label={t('family.code')}
            inputMode="numeric"
            autoComplete="one-time-code"
            dir="ltr"
            value={code}
            onChange={setCode}
            error={err('code')}
          />
          <Button id="confirm-button" type="submit" className="button" isDisabled={confirm.isPending}>
            {t('family.confirm')}
          </Button>
        </form>
      ) : (
        <form onSubmit={(e) => (e.preventDefault(), setProblems([]), start.mutate())} noValidate>
          <TextInput
            id="proxyCin"
            label={t('family.proxyCin')}
            dir="ltr"
            value={grant.proxyCin}
            onChange={(v) => setGrant((g) => ({ ...g, proxyCin: v }))}
            error={err('proxyCin')}
          />
          <TextInput
            id="procedures"
            label={t('family.procedures')}
            dir="ltr"
            value={grant.procedures}
            onChange={(v) => setGrant((g) => ({ ...g, procedures: v }))}
            error={err('procedures')}
          />
          <TextInput
            id="validUntil"
            type="date"
            label={t('family.validUntil')}
            value={grant.validUntil}
            onChange={(v) => setGrant((g) => ({ ...g, validUntil: v }))}
            error={err('validUntil')}
          />
          <Button id="grant-button" type="submit" className="button" isDisabled={start.isPending}>
            {t('family.grant')}
          </Button>
        </form>
      )}
    </>
  );
}
