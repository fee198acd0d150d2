import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Link } from 'react-aria-components';
import { useIntl } from 'react-intl';
import type { Schemas } from '@annex/api-client';
import { api, ApiError, saveBlob, unwrap } from '../api';
import { MessageId, useT } from '../i18n';
import { Failure, Loading, StateTag, usePageTitle } from '../ui';
import { FiledFor } from './for-whom';
import { generalProblem } from '../problems';
import { useProcedures } from './guide';
import { FileField } from './fields';
import { Receipt } from './receipt';
import { uploadDocument } from './request-form';

type Request = Schemas['RequestDto'];

/** The procedure's name in the page's language (the guide is cached), or its code. */
function useProcedureName() {
  const { text } = useT();
  const all = useProcedures();
  return (code: string) => text(all.data?.items.find((p) => p.code === code)?.name) || code;
}

export function MyRequestsPage() {
  const { t, date } = useT();
  const title = usePageTitle(t('requests.title'));
  const name = useProcedureName();
  const q = useQuery({ queryKey: ['requests'], queryFn: () => unwrap(api.GET('/api/v1/requests', { params: { query: { limit: 50 } } })) });
  return (
    <section aria-labelledby="requests-title">
      <h1 id="requests-title" ref={title} tabIndex={-1}>
        {t('requests.title')}
      </h1>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <Failure>{generalProblem(q.error, t)}</Failure>
      ) : q.data.items.length === 0 ? (
        <p>
          {t('requests.none')} <Link href="/">{t('guide.title')}</Link>
        </p>
      ) : (
        <ul className="cards requests">
          {q.data.items.map((r) => (
            <li key={r.id} className="card">
              <h2>
                <Link href={`/requests/${r.id}`}>{name(r.procedureCode)}</Link>
              </h2>
              <p dir="ltr" className="code">
                {r.trackingCode}
              </p>
              <StateTag state={r.state} />
              <FiledFor filedFor={r.filedFor} />
              <p className="hint">{t('requests.submitted', { date: date(r.submittedAt) })}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function RequestDetailPage({ id }: { id: string }) {
  const { t, rich, date, dateTime } = useT();
  const intl = useIntl();
  const name = useProcedureName();
  const client = useQueryClient();
  const request = useQuery({
    queryKey: ['requests', id],
    queryFn: () => unwrap(api.GET('/api/v1/requests/{id}', { params: { path: { id } } })),
    // While the annex works on it, look again now and then (cheap: one small JSON).
    refetchInterval: (q) => (q.state.data && !q.state.data.inProgress ? false : 5000),
  });
  const state = request.data?.state;
  // Keyed by the state, so a change reloads them; not before the state is known (else each loads twice).
  const events = useQuery({
    queryKey: ['requests', id, 'events', state],
    enabled: state !== undefined,
    queryFn: () => unwrap(api.GET('/api/v1/requests/{id}/events', { params: { path: { id }, query: { limit: 100 } } })),
  });
  const notifications = useQuery({
    queryKey: ['requests', id, 'notifications', state],
    enabled: state !== undefined,
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/requests/{id}/notifications', { params: { path: { id }, query: { limit: 100 } } }))).items,
    refetchInterval: (q) => (q.state.data?.some((n) => n.status === 'queued' || n.status === 'sending') ? 5000 : false),
  });
  const title = usePageTitle(request.data ? name(request.data.procedureCode) : t('requests.title'));
  const [download, setDownload] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  // The added document: one mutation (pending while it uploads, then sent or failed).
  const upload = useMutation({
    mutationFn: (f: File) => uploadDocument(id, 'ADDITIONAL', f),
    onSettled: () => void client.invalidateQueries({ queryKey: ['requests', id] }),
  });

  if (request.isPending) return <Loading />;
  if (request.isError)
    return (
      <Failure>
        {request.error instanceof ApiError && request.error.status === 404 ? t('requests.notFound') : generalProblem(request.error, t)}
      </Failure>
    );
  const r: Request = request.data;
  const hasCertificate = !!r.certificateNumber && (r.state === 'ready_for_pickup' || r.state === 'delivered');

  async function getCertificate() {
    setDownload(null);
    const res = await api.GET('/api/v1/requests/{id}/certificate', { params: { path: { id } }, parseAs: 'blob' }).catch(() => null);
    if (res?.data) saveBlob(res.data as Blob, `${r.certificateNumber}.pdf`);
    else setDownload(res?.response.status === 409 ? t('requests.certificatePending') : t('error.failed'));
  }

  const sendDocument = () => file && upload.mutate(file);

  const eventText = (e: Schemas['RequestEventDto']) =>
    e.type === 'attachment.added'
      ? t('timeline.document')
      : e.toState && e.toState !== e.fromState
        ? t(`state.${e.toState}` as MessageId)
        : // An event key ("certificate.reissued") by its name, never the key itself.
          t(((intl.messages as Record<string, unknown>)[`event.${e.type}`] ? `event.${e.type}` : 'event.other') as MessageId);
  const templateText = (tpl: string) =>
    (intl.messages as Record<string, unknown>)[`notification.${tpl}`] ? t(`notification.${tpl}` as MessageId) : tpl;

  return (
    <article aria-labelledby="request-title">
      <p>
        <Link href="/requests">{t('requests.back')}</Link>
      </p>
      <h1 id="request-title" ref={title} tabIndex={-1}>
        {name(r.procedureCode)}
      </h1>
      <FiledFor filedFor={r.filedFor} />
      <dl className="summary">
        <dt>{t('track.code')}</dt>
        <dd dir="ltr">{r.trackingCode}</dd>
        <dt>{t('track.state')}</dt>
        <dd>
          <StateTag state={r.state} />
        </dd>
        <dt>{t('requests.submittedOn')}</dt>
        <dd>{date(r.submittedAt)}</dd>
        {r.inProgress && (
          <>
            <dt>{t('requests.due')}</dt>
            <dd>{dateTime(r.slaDueAt)}</dd>
          </>
        )}
      </dl>
      {hasCertificate && (
        <div className="panel">
          <p>{rich('requests.certificateReady', { number: r.certificateNumber! })}</p>
          <Button className="button" onPress={getCertificate}>
            {t('requests.download')}
          </Button>
          {download && <Failure>{download}</Failure>}
        </div>
      )}
      <Receipt requestId={r.id} />
      {r.state === 'needs_info' && (
        <div className="panel">
          <FileField
            code="ADDITIONAL"
            label={t('requests.addDocument')}
            hint={t('requests.addDocumentHint')}
            file={file ?? undefined}
            onChange={setFile}
          />
          <Button className="button" onPress={sendDocument} isDisabled={!file || upload.isPending}>
            {t('requests.send')}
          </Button>
          {upload.isSuccess && <p role="status">{t('requests.sent')}</p>}
          {upload.isError && <Failure>{t('error.failed')}</Failure>}
        </div>
      )}
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <Failure>{generalProblem(events.error, t)}</Failure>
      ) : (
        <ol className="timeline" aria-labelledby="timeline-title">
          {events.data.items.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{dateTime(e.at)}</time> <strong>{eventText(e)}</strong>
              <FiledFor filedFor={e.filedFor} message="timeline.filedFor" testId="timeline-filed-for" />
              {e.reason && e.type !== 'attachment.added' && <p>{e.reason}</p>}
            </li>
          ))}
        </ol>
      )}
      <h2 id="alerts-title">{t('alerts.title')}</h2>
      {notifications.isPending ? (
        <Loading />
      ) : notifications.isError ? (
        <Failure>{generalProblem(notifications.error, t)}</Failure>
      ) : notifications.data.length === 0 ? (
        <p>{t('alerts.none')}</p>
      ) : (
        <ul className="alerts" aria-labelledby="alerts-title">
          {notifications.data.map((n) => (
            <li key={n.id}>
              <strong>{templateText(n.template)}</strong> — {t(n.channel === 'sms' ? 'alerts.sms' : 'alerts.email')}{' '}
              <span dir="ltr">{n.destination}</span> —{' '}
              <span className={`tag alert-${n.status}`} data-status={n.status}>
                {t(`alerts.status.${n.status}` as MessageId)}
              </span>{' '}
              <time dateTime={n.sentAt ?? n.createdAt}>{dateTime(n.sentAt ?? n.createdAt)}</time>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
