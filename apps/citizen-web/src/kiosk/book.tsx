import { FormEvent, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { useIntl } from 'react-intl';
import { createApiClient, type Schemas } from '@annex/api-client';
import { webIdempotencyKey, unwrap } from '../api';
import { useT } from '../i18n';
import { Choice, ErrorSummary, Failure, FieldProblem, Loading } from '../ui';
import { generalProblem } from '../problems';
import { useProcedures } from '../pages/guide';
import { bookingProblem, isoDaysAhead, Qr } from '../pages/appointments';
import type { KioskDevice } from './index';
import { KioskSignIn } from './sign-in';

/**
 * "Prendre rendez-vous" at the kiosk: the citizen signs in (CIN + SMS code), chooses a procedure
 * the annex offers by appointment, a day and a free slot, and books it for themselves; the code
 * and its QR are shown (and go by SMS).
 */
export function KioskBook({ device, onFinish }: { device: KioskDevice; onFinish: () => void }) {
  const { t, text, dateTime } = useT();
  const intl = useIntl();
  const token = useRef<string | null>(null);
  const citizenApi = useMemo(() => createApiClient({ baseUrl: '', credentials: () => token.current }), []);
  const [signedIn, setSignedIn] = useState(false);
  const [procedure, setProcedure] = useState('');
  const [day, setDay] = useState('');
  const [slot, setSlot] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [booked, setBooked] = useState<Schemas['AppointmentDto'] | null>(null);
  const key = useRef<string | null>(null);
  const procedures = useProcedures();
  // The kiosk's annex: the device's own list.
  const offered = useQuery({
    queryKey: ['kiosk-appointment-services'],
    enabled: signedIn,
    queryFn: () => unwrap(device.api.GET('/api/v1/appointments/services')),
  });
  const service = offered.data?.items.find((s) => s.procedureCode === procedure);
  const slots = useQuery({
    queryKey: ['kiosk-slots', procedure, service?.annexId],
    enabled: !!service,
    queryFn: () =>
      unwrap(
        device.api.GET('/api/v1/appointments/slots', {
          params: { query: { procedure, annex: service!.annexId, to: isoDaysAhead(service!.daysAhead) } },
        }),
      ),
  });
  const name = (code: string) => text(procedures.data?.items.find((p) => p.code === code)?.name) || code;
  const dayOf = (iso: string) => intl.formatDate(iso, { weekday: 'long', day: 'numeric', month: 'long' });
  const days = [...new Set((slots.data?.slots ?? []).map((s) => dayOf(s.startsAt)))];
  const times = (slots.data?.slots ?? []).filter((s) => dayOf(s.startsAt) === day);
  const errorOf = (f: string) => problems.find((p) => p.field === f)?.message;
  const booking = useMutation({
    mutationFn: ({ body, key }: { body: Schemas['AppointmentCreate']; key: string }) =>
      unwrap(citizenApi.POST('/api/v1/appointments', { body, headers: { 'Idempotency-Key': key } })),
    onSuccess: setBooked,
    onError: (err) => {
      key.current = null;
      setSlot('');
      setProblems([{ field: 'kiosk-book-time', message: bookingProblem(err, t) }]);
      void slots.refetch();
    },
  });

  function book(e: FormEvent) {
    e.preventDefault();
    const missing = [
      ...(!procedure ? [{ field: 'kiosk-book-procedure', message: t('error.choose', { field: t('appointments.procedure') }) }] : []),
      ...(procedure && !day ? [{ field: 'kiosk-book-day', message: t('error.choose', { field: t('appointments.day') }) }] : []),
      ...(day && !slot ? [{ field: 'kiosk-book-time', message: t('error.choose', { field: t('appointments.time') }) }] : []),
    ];
    setProblems(missing);
    if (missing.length || !service) return;
    key.current ??= webIdempotencyKey('kiosk');
    booking.mutate({ body: { procedureCode: procedure, startsAt: slot, annexId: service.annexId }, key: key.current });
  }

  return (
    <section aria-labelledby="kiosk-book-title">
      <ErrorSummary problems={problems} />
      <h1 id="kiosk-book-title">{t('kiosk.book')}</h1>
      {!signedIn && (
        <KioskSignIn
          device={device}
          onSignedIn={(accessToken) => {
            token.current = accessToken;
            setSignedIn(true);
          }}
        />
      )}
      {signedIn &&
        !booked &&
        (offered.isPending ? (
          <Loading />
        ) : offered.isError ? (
          <Failure>{generalProblem(offered.error, t)}</Failure>
        ) : (
          <form onSubmit={book} noValidate className="kiosk-form">
            <Choice
              id="kiosk-book-procedure"
              className="big"
              label={t('appointments.procedure')}
              value={procedure}
              onChange={(v) => ((key.current = null), setProcedure(v), setDay(''), setSlot(''))}
              error={errorOf('kiosk-book-procedure')}
              options={offered.data.items.map((s) => ({ value: s.procedureCode, label: name(s.procedureCode) }))}
            />
            {service && slots.isPending && <Loading />}
            {service && slots.data && slots.data.slots.length === 0 && <p role="status">{t('appointments.noSlot')}</p>}
            {service && slots.data && slots.data.slots.length > 0 && (
              <Choice
                id="kiosk-book-day"
                className="big"
                label={t('appointments.day')}
                value={day}
                onChange={(v) => ((key.current = null), setDay(v), setSlot(''))}
                error={errorOf('kiosk-book-day')}
                options={days.map((d) => ({ value: d, label: d }))}
              />
            )}
            {day && (
              <Choice
                id="kiosk-book-time"
                className="big slots"
                label={t('appointments.time')}
                value={slot}
                onChange={(v) => ((key.current = null), setSlot(v))}
                error={errorOf('kiosk-book-time')}
                options={times.map((s) => ({
                  value: s.startsAt,
                  label: `${intl.formatTime(s.startsAt, { hour: '2-digit', minute: '2-digit' })} — ${t('appointments.free', { n: s.free })}`,
                }))}
              />
            )}
            <Button type="submit" className="button" isDisabled={booking.isPending}>
              {t('appointments.confirm')}
            </Button>
          </form>
        ))}
      {booked && (
        <>
          <div className="confirmation" role="status">
            <h2>{t('appointments.booked')}</h2>
            <p>
              {name(booked.procedureCode)} · {dateTime(booked.startsAt)}
            </p>
            <p>{t('appointments.code')}</p>
            <p className="tracking-code" dir="ltr" data-code={booked.code}>
              <strong>{booked.code}</strong>
            </p>
            <Qr a={booked} />
            <p>{t('kiosk.bookedText')}</p>
          </div>
          <Button className="button" onPress={onFinish}>
            {t('kiosk.finish')}
          </Button>
        </>
      )}
    </section>
  );
}
