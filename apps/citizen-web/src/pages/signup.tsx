import { FormEvent, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import type { Schemas } from '@annex/api-client';
import { useIdentity } from '@annex/web-kit';
import { api, startSession, unwrap } from '../api';
import { MessageId, useT } from '../i18n';
import { navigate, useLocation } from '../router';
import { ErrorSummary, FieldProblem, focusField, normalizeCin, TextInput, usePageTitle } from '../ui';
import { fieldProblems, generalProblem } from '../problems';
import { nextPath } from './login';
import { Answers, Key, SignupStep, STEPS } from './signup-steps';

const OPTIONAL: Key[] = ['email', 'addressLine'];

export function SignupPage() {
  const { t, rich, lang } = useT();
  const { search } = useLocation();
  const identity = useIdentity(api);
  const [step, setStep] = useState(0);
  const [a, setA] = useState<Answers>({
    cin: '',
    birthDate: '',
    sex: '' as Answers['sex'],
    firstName: '',
    lastName: '',
    firstNameAr: '',
    lastNameAr: '',
    phone: '',
    email: '',
    neighbourhoodId: '',
    addressLine: '',
    preferredLanguage: lang as unknown as Answers['preferredLanguage'],
    preferredChannel: 'sms' as unknown as Answers['preferredChannel'],
  });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [started, setStarted] = useState<{ signupId: string; maskedPhone: string } | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [reviewed, setReviewed] = useState(false);
  const neighbourhoods = useQuery({
    queryKey: ['neighbourhoods'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/neighbourhoods', { params: { query: { limit: 100 } } }))).items,
    staleTime: 3600_000,
  });
  const nbName = (id: string) => {
    const n = neighbourhoods.data?.find((x) => x.id === id);
    return n ? (lang === 'ar' ? n.nameAr : n.nameFr) : '';
  };
  const label = (k: string): string => t(`signup.${k}` as MessageId);
  const stepOf = (f: string) => STEPS.findIndex((s) => s.fields.includes(f as Key));
  const stage = started ? 'code' : step < STEPS.length ? STEPS[step].id : 'check';
  const title = usePageTitle(t('signup.title'));
  const set = (k: Key) => (v: string) => setA((x) => ({ ...x, [k]: v }));
  const errorOf = (f: string) => problems.find((p) => p.field === f)?.message;

  function check(fields: Key[]): FieldProblem[] {
    return fields.flatMap((k): FieldProblem[] => {
      const v = String(a[k] ?? '').trim();
      if (!v) return OPTIONAL.includes(k) ? [] : [{ field: k, message: t('error.required', { field: label(k) }) }];
      if (k === 'cin' && !identity.isCin(v)) return [{ field: k, message: t('error.cinFormat') }];
      if (k === 'phone' && !identity.mobile(v)) return [{ field: k, message: t('error.phoneFormat') }];
      if (k === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return [{ field: k, message: t('error.email', { field: label(k) }) }];
      if (k === 'birthDate' && v > new Date().toISOString().slice(0, 10))
        return [{ field: k, message: t('error.pastDate', { field: label(k) }) }];
      return [];
    });
  }

  function next(e: FormEvent) {
    e.preventDefault();
    const found = check(STEPS[step].fields);
    // Problems the API found on other pages stay listed until those pages are fixed.
    const elsewhere = problems.filter((p) => !STEPS[step].fields.includes(p.field as Key) && stepOf(p.field) >= 0);
    setProblems([...found, ...elsewhere]);
    if (found.length) return;
    // Once the answers were checked, a changed answer goes back to the check page (GOV.UK).
    if (elsewhere.length) setStep(Math.min(...elsewhere.map((p) => stepOf(p.field))));
    else setStep(reviewed ? STEPS.length : step + 1);
  }

  const start = useMutation({
    mutationFn: (body: Schemas['SignupDto']) => unwrap(api.POST('/api/v1/auth/signup', { body })),
    onSuccess: (r, body) =>
      setStarted({
        signupId: r.signupId,
        maskedPhone: body.phone.replace(/^(.*)(\d{2})$/, (_, head: string, tail: string) => `${head.slice(0, -4)}****${tail}`),
      }),
    onError: (err) => {
      const found = fieldProblems(err, t, (f) => (stepOf(f) >= 0 ? label(f) : undefined));
      setProblems(found.length ? found : [{ field: 'send-button', message: generalProblem(err, t) }]);
      // Back to the first page with a problem: the summary lists them all, each link opens its page.
      if (found.some((p) => stepOf(p.field) >= 0)) setStep(Math.min(...found.map((p) => stepOf(p.field)).filter((i) => i >= 0)));
    },
  });

  function send() {
    setReviewed(true);
    setProblems([]);
    start.mutate({
      ...a,
      cin: normalizeCin(a.cin),
      phone: a.phone.replace(/[\s.-]/g, ''),
      email: a.email.trim() || undefined,
      addressLine: a.addressLine.trim() || undefined,
    });
  }

  const confirm = useMutation({
    mutationFn: (body: { signupId: string; code: string; password: string }) => unwrap(api.POST('/api/v1/auth/signup/verify', { body })),
    onSuccess: (pair) => {
      startSession(pair);
      navigate(nextPath(search), { replace: true });
    },
    onError: (err) => {
      const found = fieldProblems(err, t, (f) => (f === 'code' ? t('signup.code') : f === 'password' ? t('signup.password') : undefined));
      setProblems(found.length ? found : [{ field: 'code', message: generalProblem(err, t) }]);
    },
  });

  function verify(e: FormEvent) {
    e.preventDefault();
    const found: FieldProblem[] = [
      ...(/^\d{6}$/.test(code.trim()) ? [] : [{ field: 'code', message: t('error.codeFormat') }]),
      ...(password.length >= 10 ? [] : [{ field: 'password', message: t('error.passwordLength') }]),
    ];
    setProblems(found);
    if (found.length || !started) return;
    confirm.mutate({ signupId: started.signupId, code: code.trim(), password });
  }

  /** A summary link to a field of another page opens that page, then the field. */
  function open(f: string) {
    const i = stepOf(f);
    if (i >= 0 && i !== step) setStep(i);
    setTimeout(() => focusField(f));
  }
  const value = (k: Key) =>
    k === 'sex'
      ? a.sex
        ? t(`signup.sex.${a.sex}`)
        : ''
      : k === 'neighbourhoodId'
        ? nbName(a.neighbourhoodId)
        : k === 'preferredLanguage'
          ? t(`lang.${a.preferredLanguage}`)
          : k === 'preferredChannel'
            ? t(`channelPref.${a.preferredChannel}`)
            : k === 'cin'
              ? normalizeCin(a.cin)
              : String(a[k] ?? '');

  return (
    <section aria-labelledby="signup-title" className="narrow">
      <ErrorSummary problems={problems} onOpen={open} />
      {stage !== 'check' && stage !== 'code' && <p className="step">{t('signup.step', { n: step + 1, total: STEPS.length })}</p>}
      <h1 id="signup-title" ref={title} tabIndex={-1}>
        {stage === 'check' ? t('check.title') : stage === 'code' ? t('signup.codeTitle') : t(`signup.${stage}.title` as MessageId)}
      </h1>
      {stage === 'check' ? (
        <>
          <dl className="check">
            {STEPS.flatMap((s, i) =>
              s.fields.map((k) => (
                <div key={k} className="row">
                  <dt>{label(k)}</dt>
                  <dd dir={['cin', 'phone', 'email'].includes(k) ? 'ltr' : undefined}>{value(k) || '—'}</dd>
                  <dd>
                    <Button
                      className="link"
                      onPress={() => (setReviewed(true), setProblems([]), setStep(i), setTimeout(() => focusField(k)))}
                    >
                      {t('check.change')}
                      <span className="visually-hidden"> {label(k)}</span>
                    </Button>
                  </dd>
                </div>
              )),
            )}
          </dl>
          <Button id="send-button" className="button" onPress={send} isDisabled={start.isPending || confirm.isPending}>
            {t('signup.send')}
          </Button>
        </>
      ) : stage === 'code' ? (
        <form onSubmit={verify} noValidate>
          <p>{rich('signup.codeSent', { phone: started?.maskedPhone ?? '' })}</p>
          <TextInput
            id="code"
            label={t('signup.code')}
            hint={t('signup.codeHint')}
            value={code}
            onChange={setCode}
            error={errorOf('code')}
            inputMode="numeric"
            autoComplete="one-time-code"
            dir="ltr"
          />
          <TextInput
            id="password"
            label={t('signup.password')}
            hint={t('signup.passwordHint')}
            type="password"
            value={password}
            onChange={setPassword}
            error={errorOf('password')}
            autoComplete="new-password"
            dir="ltr"
          />
          <Button type="submit" className="button" isDisabled={start.isPending || confirm.isPending}>
            {t('signup.create')}
          </Button>
        </form>
      ) : (
        <form onSubmit={next} noValidate>
          <SignupStep stage={stage} answers={a} set={set} errorOf={errorOf} label={label} neighbourhoods={neighbourhoods.data ?? []} />
          <div className="actions">
            <Button type="submit" className="button">
              {t('continue')}
            </Button>
            {step > 0 && (
              <Button className="button secondary" onPress={() => (setProblems([]), setStep(step - 1))}>
                {t('back')}
              </Button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
