import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import type { Schemas } from '@annex/api-client';
import { api, unwrap } from '../api';
import { MessageId, useT } from '../i18n';
import { ErrorSummary, Failure, FieldProblem, Loading, TextInput } from '../ui';
import { fieldProblems, generalProblem } from '../problems';
import { useMe } from './profile';

type Mandate = Schemas['MandateDto'];
type Scope = { cin: string; procedures: string; validUntil: string };
const EMPTY: Scope = { cin: '', procedures: 'RESIDENCE', validUntil: '' };
const body = (s: Scope) => ({ procedures: s.procedures.split(/[\s,]+/).filter(Boolean), validUntil: s.validUntil });

/**
 * Mandates given and held: give one (confirmed with the code sent to my phone), ask someone for
 * one (they answer in their account), answer one asked of me (a code, or refuse), revoke. Naming a
 * CIN never tells whether it has an account: the answers say "if an account holds it".
 */
export function Mandates() {
  const { t, lang, date } = useT();
  const client = useQueryClient();
  const me = useMe();
  const list = useQuery({ queryKey: ['me', 'mandates'], queryFn: () => unwrap(api.GET('/api/v1/me/mandates')) });
  const [grant, setGrant] = useState<Scope>(EMPTY);
  const [ask, setAsk] = useState<Scope>(EMPTY);
  const [pending, setPending] = useState<string | null>(null);
  const [asked, setAsked] = useState(false);
  const [code, setCode] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const refresh = () => client.invalidateQueries({ queryKey: ['me', 'mandates'] });
  const fail = (button: string) => (err: unknown) => {
    const labels: Record<string, string> = {
      proxyCin: t('family.proxyCin'),
      mandatorCin: t('family.mandatorCin'),
      procedures: t('family.procedures'),
      validUntil: t('family.validUntil'),
      code: t('family.code'),
    };
    const found = fieldProblems(err, t, (f) => labels[f]);
    setProblems(found.length ? found : [{ field: button, message: generalProblem(err, t) }]);
  };
  const start = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/me/mandates', { body: { ...body(grant), proxyCin: grant.cin } })),
    onSuccess: (r) => (setPending(r.mandateId), void refresh()),
    onError: fail('grant-button'),
  });
  const askFor = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/me/mandates/ask', { body: { ...body(ask), mandatorCin: ask.cin } })),
    onSuccess: () => (setAsk(EMPTY), setAsked(true)),
    onError: fail('ask-button'),
  });
  const sendCode = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/me/mandates/{id}/code', { params: { path: { id } } })),
    onSuccess: (r) => setPending(r.mandateId),
    onError: fail('mandates'),
  });
  const confirm = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/me/mandates/{id}/confirm', { params: { path: { id: pending! } }, body: { code } })),
    onSuccess: () => (setPending(null), setCode(''), void refresh()),
    onError: fail('confirm-button'),
  });
  const refuse = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/me/mandates/{id}/refuse', { params: { path: { id } } })),
    onSettled: () => refresh(),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/mandates/{id}/revoke', { params: { path: { id } } })),
    onSettled: () => refresh(),
  });
  const name = (p: Schemas['MandatePartyDto']) => (lang === 'ar' ? p.nameAr : p.name);
  const err = (f: string) => problems.find((p) => p.field === f)?.message;
  const given = (m: Mandate) => m.mandator.id === me.data?.id;
  const heading = (m: Mandate) =>
    m.status === 'pending' && given(m)
      ? t('family.mandateAsked', { name: name(m.proxy) })
      : given(m)
        ? t('family.mandateGiven', { name: name(m.proxy) })
        : t('family.mandateHeld', { name: name(m.mandator) });
  const scopeFields = (id: string, s: Scope, set: (f: (s: Scope) => Scope) => void, cinLabel: string) => (
    <>
      <TextInput id={id} label={cinLabel} dir="ltr" value={s.cin} onChange={(v) => set((g) => ({ ...g, cin: v }))} error={err(id)} />
      <TextInput
        id={`${id}-procedures`}
        label={t('family.procedures')}
        dir="ltr"
        value={s.procedures}
        onChange={(v) => set((g) => ({ ...g, procedures: v }))}
        error={err('procedures')}
      />
      <TextInput
        id={`${id}-validUntil`}
        type="date"
        label={t('family.validUntil')}
        value={s.validUntil}
        onChange={(v) => set((g) => ({ ...g, validUntil: v }))}
        error={err('validUntil')}
      />
    </>
  );
  return (
    <>
      <h2 id="mandates">{t('family.mandates')}</h2>
      <ErrorSummary problems={problems} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <Failure>{generalProblem(list.error, t)}</Failure>
      ) : list.data.length === 0 ? (
        <p>{t('family.noMandates')}</p>
      ) : (
        <ul className="cards" data-testid="mandates">
          {list.data.map((m) => (
            <li key={m.id} className="card" data-status={m.status}>
              <h3>{heading(m)}</h3>
              <p>{m.procedures.join(', ')}</p>
              <p className="hint">{t('family.mandateUntil', { date: date(m.validUntil) })}</p>
              <p className={`tag ${m.status}`}>
                {t((m.status === 'pending' && given(m) ? 'family.mandate.asked' : `family.mandate.${m.status}`) as MessageId)}
              </p>
              {m.status === 'pending' && given(m) && (
                <>
                  <Button className="button" onPress={() => sendCode.mutate(m.id)} isDisabled={sendCode.isPending}>
                    {t('family.accept')}
                  </Button>{' '}
                  <Button className="button secondary" onPress={() => refuse.mutate(m.id)} isDisabled={refuse.isPending}>
                    {t('family.refuse')}
                  </Button>
                </>
              )}
              {m.status === 'active' && (
                <Button className="button secondary" onPress={() => revoke.mutate(m.id)} isDisabled={revoke.isPending}>
                  {t('family.revoke')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
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
        <>
          <h3>{t('family.grant')}</h3>
          <form onSubmit={(e) => (e.preventDefault(), setProblems([]), start.mutate())} noValidate>
            {scopeFields('proxyCin', grant, setGrant, t('family.proxyCin'))}
            <Button id="grant-button" type="submit" className="button" isDisabled={start.isPending}>
              {t('family.grant')}
            </Button>
          </form>
          <h3>{t('family.ask')}</h3>
          <p>{t('family.askIntro')}</p>
          {asked && <p role="status">{t('family.askSent')}</p>}
          <form onSubmit={(e) => (e.preventDefault(), setProblems([]), setAsked(false), askFor.mutate())} noValidate>
            {scopeFields('mandatorCin', ask, setAsk, t('family.mandatorCin'))}
            <Button id="ask-button" type="submit" className="button" isDisabled={askFor.isPending}>
              {t('family.ask')}
            </Button>
          </form>
        </>
      )}
    </>
  );
}
