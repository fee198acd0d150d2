import { FormEvent, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Link } from 'react-aria-components';
import type { Schemas } from '@annex/api-client';
import { LongText, useIdentity } from '@annex/web-kit';
import { api, unwrap, useSignedIn } from '../api';
import { MessageId, useT } from '../i18n';
import { Choice, ErrorSummary, Failure, FieldProblem, Loading, TextInput, usePageTitle } from '../ui';
import { fieldProblems, generalProblem } from '../problems';

const KINDS = ['grievance', 'observation', 'proposal'] as const;
/** The API's bounds (GrievanceCreate): checked here first so the citizen reads the problem in words. */
const SUBJECT = { min: 3, max: 200 };
const DESCRIPTION = { min: 10, max: 4000 };

type Filed = Schemas['GrievanceDto'] & { phone?: string };

/**
 * Filing a grievance, an observation or a proposal, signed in or with a phone number. Law 09-08:
 * before sending, the citizen reads what would become public and chooses (publicConsent); the
 * confirmation gives the number and says how the answer comes.
 */
export function GrievancePage() {
  const { t } = useT();
  const signedIn = useSignedIn();
  const title = usePageTitle(t('grievance.title'));
  const identity = useIdentity(api);
  const [kind, setKind] = useState('');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [phone, setPhone] = useState('');
  const [publicConsent, setPublicConsent] = useState(false);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [filed, setFiled] = useState<Filed | null>(null);

  const labels: Record<string, string> = {
    kind: t('grievance.kind'),
    subject: t('grievance.subject'),
    description: t('grievance.description'),
    phone: t('grievance.phone'),
  };

  const send = useMutation({
    mutationFn: (body: Schemas['GrievanceCreate']) => unwrap(api.POST('/api/v1/grievances', { body })),
    onSuccess: (g, body) => {
      setFiled({ ...g, ...(body.phone ? { phone: body.phone } : {}) });
      window.scrollTo(0, 0);
    },
    onError: (err) => {
      const fields = fieldProblems(err, t, (f) => labels[f]);
      if (fields.length) setProblems(fields);
      else setProblem(generalProblem(err, t));
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const e164 = identity.phone(phone);
    const length = (field: string, v: string, b: { min: number; max: number }) =>
      v.trim().length < b.min || v.trim().length > b.max
        ? [{ field, message: t('grievance.length', { field: labels[field], min: b.min, max: b.max }) }]
        : [];
    const found: FieldProblem[] = [
      ...(kind ? [] : [{ field: 'kind', message: t('error.required', { field: labels.kind }) }]),
      ...(subject.trim()
        ? length('subject', subject, SUBJECT)
        : [{ field: 'subject', message: t('error.required', { field: labels.subject }) }]),
      ...(description.trim()
        ? length('description', description, DESCRIPTION)
        : [{ field: 'description', message: t('error.required', { field: labels.description }) }]),
      ...(signedIn
        ? []
        : !phone.trim()
          ? [{ field: 'phone', message: t('error.required', { field: labels.phone }) }]
          : e164
            ? []
            : [{ field: 'phone', message: t('error.phoneFormat') }]),
    ];
    setProblems(found);
    setProblem(null);
    if (found.length) return;
    send.mutate({
      kind: kind as Schemas['GrievanceKind'],
      subject: subject.trim(),
      description: description.trim(),
      publicConsent,
      ...(signedIn ? {} : { phone: e164! }),
    });
  }

  if (filed) return <GrievanceFiled g={filed} />;
  const errorOf = (f: string) => problems.find((p) => p.field === f)?.message;
  return (
    <section aria-labelledby="grievance-title" className="narrow">
      <ErrorSummary problems={problems} />
      <h1 id="grievance-title" ref={title} tabIndex={-1}>
        {t('grievance.title')}
      </h1>
      <p>{t('grievance.intro')}</p>
      <form onSubmit={submit} noValidate>
        <Choice
          id="kind"
          label={labels.kind}
          value={kind}
          onChange={setKind}
          options={KINDS.map((k) => ({ value: k, label: t(`grievance.kind.${k}` as MessageId) }))}
          error={errorOf('kind')}
        />
        <TextInput
          id="subject"
          label={labels.subject}
          hint={t('grievance.subjectHint')}
          value={subject}
          onChange={setSubject}
          error={errorOf('subject')}
        />
        <LongText
          id="description"
          label={labels.description}
          hint={t('grievance.descriptionHint')}
          value={description}
          onChange={setDescription}
          error={errorOf('description')}
          rows={6}
        />
        {!signedIn && (
          <TextInput
            id="phone"
            label={labels.phone}
            hint={t('grievance.phoneHint')}
            value={phone}
            onChange={setPhone}
            error={errorOf('phone')}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            dir="ltr"
          />
        )}
        <div className="panel consent" data-testid="consent-notice">
          <h2>{t('grievance.publicTitle')}</h2>
          <p>{t('grievance.publicWhat')}</p>
          <p>{t('grievance.publicNever')}</p>
          <p>{t('grievance.publicStaff')}</p>
          <Checkbox className="checkbox" isSelected={publicConsent} onChange={setPublicConsent}>
            {t('grievance.publicConsent')}
          </Checkbox>
        </div>
        <Button type="submit" className="button" isDisabled={send.isPending}>
          {t('grievance.send')}
        </Button>
      </form>
      {problem && <Failure>{problem}</Failure>}
    </section>
  );
}

/** The confirmation: the number to quote, when the answer is due, how it comes, and what is public. */
function GrievanceFiled({ g }: { g: Filed }) {
  const { t, date } = useT();
  const title = usePageTitle(t('grievance.filedTitle'));
  return (
    <section aria-labelledby="grievance-filed-title" className="narrow">
      <div className="confirmation" role="status">
        <h1 id="grievance-filed-title" ref={title} tabIndex={-1}>
          {t('grievance.filedTitle')}
        </h1>
        <p>{t('grievance.number')}</p>
        <p className="tracking-code" dir="ltr" data-testid="grievance-number">
          {g.trackingCode}
        </p>
      </div>
      <p>{t('grievance.due', { date: date(g.dueAt) })}</p>
      {g.phone ? (
        <p>
          {t('grievance.followSms')} <bdi dir="ltr">{g.phone}</bdi>
        </p>
      ) : (
        <p>
          {t('grievance.followAccount')} <Link href="/grievances">{t('nav.grievances')}</Link>
        </p>
      )}
      <p>{t('grievance.followAnnex')}</p>
      <p data-testid="grievance-publication">{g.publicConsent ? t('grievance.isPublic') : t('grievance.isPrivate')}</p>
      {g.publicConsent && (
        <p>
          <a href={`/open311/v2/requests/${encodeURIComponent(g.trackingCode)}.json`} dir="ltr">
            {t('grievance.publicLink')}
          </a>
        </p>
      )}
    </section>
  );
}

/** The signed-in citizen's grievances, newest first, with the annex's answers. */
export function MyGrievancesPage() {
  const { t, dateTime } = useT();
  const title = usePageTitle(t('nav.grievances'));
  const list = useQuery({
    queryKey: ['grievances'],
    queryFn: () => unwrap(api.GET('/api/v1/grievances', { params: { query: { limit: 100 } } })),
  });
  return (
    <section aria-labelledby="grievances-title">
      <h1 id="grievances-title" ref={title} tabIndex={-1}>
        {t('nav.grievances')}
      </h1>
      <Link className="button" href="/grievances/new">
        {t('grievance.new')}
      </Link>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <Failure>{generalProblem(list.error, t)}</Failure>
      ) : list.data.items.length === 0 ? (
        <p role="status">{t('grievance.none')}</p>
      ) : (
        <ol className="grievances" data-testid="grievances">
          {list.data.items.map((g) => (
            <li key={g.id} className="panel">
              <h2>{g.subject}</h2>
              <dl>
                <dt>{t('grievance.numberShort')}</dt>
                <dd dir="ltr">{g.trackingCode}</dd>
                <dt>{t('grievance.kind')}</dt>
                <dd>{t(`grievance.kind.${g.kind}` as MessageId)}</dd>
                <dt>{t('grievance.state')}</dt>
                <dd>{t(`grievance.state.${g.state}` as MessageId)}</dd>
                <dt>{t('grievance.publication')}</dt>
                <dd>{g.published ? t('grievance.published') : t('grievance.notPublished')}</dd>
              </dl>
              {g.responses.map((r, i) => (
                <blockquote key={i}>
                  <p className="hint">{dateTime(r.at)}</p>
                  <p>{r.body}</p>
                </blockquote>
              ))}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
