import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import type { Schemas } from '@annex/api-client';
import { api, ApiError, unwrap } from '../api';
import { MessageId, useT } from '../i18n';
import { Failure, Loading, usePageTitle } from '../ui';
import { generalProblem } from '../problems';

/** The reminder SMS's link (`/a/<token>`): the booking it names, cancelled with one tap, no sign-in. */
export function AppointmentLinkPage({ token }: { token: string }) {
  const { t, dateTime } = useT();
  const title = usePageTitle(t('appointments.link.title'));
  const shown = useQuery({
    queryKey: ['appointment-link', token],
    retry: false,
    queryFn: () => unwrap(api.GET('/api/v1/appointments/link/{token}', { params: { path: { token } } })),
  });
  const [cancelled, setCancelled] = useState<Schemas['AppointmentDto'] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const a = cancelled ?? shown.data;

  async function cancel() {
    try {
      setCancelled(await unwrap(api.POST('/api/v1/appointments/link/{token}/cancel', { params: { path: { token } } })));
      setProblem(null);
    } catch (err) {
      setProblem(err instanceof ApiError && err.status === 409 ? t('appointments.link.notBooked') : generalProblem(err, t));
    }
  }

  return (
    <section aria-labelledby="link-title">
      <h1 id="link-title" ref={title} tabIndex={-1}>
        {t('appointments.link.title')}
      </h1>
      {shown.isPending ? (
        <Loading />
      ) : !a ? (
        <Failure>
          {shown.error instanceof ApiError && [400, 404].includes(shown.error.status)
            ? t('appointments.link.unknown')
            : generalProblem(shown.error, t)}
        </Failure>
      ) : (
        <div className="panel" data-code={a.code}>
          <p>
            <time dateTime={a.startsAt}>{dateTime(a.startsAt)}</time> · {t('appointments.code')} :{' '}
            <bdi dir="ltr" className="code">
              {a.code}
            </bdi>
          </p>
          <span className="tag">{t(`appointments.state.${a.state}` as MessageId)}</span>
          {cancelled ? (
            <p role="status">{t('appointments.link.done')}</p>
          ) : a.state === 'booked' ? (
            <Button className="button" onPress={() => void cancel()}>
              {t('appointments.cancel')}
            </Button>
          ) : (
            <p>{t('appointments.link.notBooked')}</p>
          )}
          {problem && <p role="alert">{problem}</p>}
        </div>
      )}
    </section>
  );
}
