import { FormEvent, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { useIntl } from 'react-intl';
import type { Schemas } from '@annex/api-client';
import { api, ApiError, webIdempotencyKey, unwrap } from '../api';
import { MessageId, useT } from '../i18n';
import { AppLink, Choice, ErrorSummary, Failure, FieldProblem, Loading, SelectField, usePageTitle } from '../ui';
import { generalProblem } from '../problems';
import { GuestBooking } from './appointments-guest';
import { useProcedures } from './guide';

type Appointment = Schemas['AppointmentDto'];
type Ticket = Schemas['TicketDto'];

/** The booking's QR (an SVG the API draws from the code): shown at the kiosk's reader. */
export function Qr({ a }: { a: Appointment }) {
  const { t } = useT();
  return (
    <div className="qr" role="img" aria-label={t('appointments.qr', { code: a.code })} dangerouslySetInnerHTML={{ __html: a.qrSvg }} />
  );
}

/** Why a booking was refused, in plain words. */
export function bookingProblem(err: unknown, t: ReturnType<typeof useT>['t']): string {
  const type = err instanceof ApiError ? (err.problem.type ?? '') : '';
  if (type.endsWith('/slot-full')) return t('appointments.taken');
  if (type.endsWith('/appointment-already-booked')) return t('appointments.already');
  if (type.endsWith('/appointment-limit')) return t('appointments.limit');
  if (err instanceof ApiError && err.status === 400) return t('appointments.taken');
  return generalProblem(err, t);
}

/** Why a ticket from the phone was refused. */
function ticketProblem(err: unknown, t: ReturnType<typeof useT>['t']): string {
  const type = err instanceof ApiError ? (err.problem.type ?? '') : '';
  if (type.endsWith('/queue-closed')) return t('appointments.ticket.closed');
  if (type.endsWith('/ticket-already-taken')) return t('appointments.ticket.already');
  return generalProblem(err, t);
}

/** On the day, without an appointment: a walk-in ticket from the phone (the SMS says when to come). */
function TakeTicket({ services, name }: { services: Schemas['BookableListDto']['items']; name: (code: string) => string }) {
  const { t } = useT();
  const [procedure, setProcedure] = useState('');
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const takeTicket = useMutation({
    mutationFn: (body: { procedureCode: string; annexId: string }) => unwrap(api.POST('/api/v1/me/tickets', { body })),
    onSuccess: (taken) => {
      setTicket(taken);
      setProblem(null);
    },
    onError: (err) => setProblem(ticketProblem(err, t)),
  });

  function take(e: FormEvent) {
    e.preventDefault();
    if (!procedure) return setProblem(t('error.choose', { field: t('appointments.procedure') }));
    const service = services.find((s) => s.procedureCode === procedure)!;
    takeTicket.mutate({ procedureCode: procedure, annexId: service.annexId });
  }

  return (
    <section aria-labelledby="ticket-title" className="take-ticket">
      <h2 id="ticket-title">{t('appointments.ticket.title')}</h2>
      {ticket ? (
        <div className="panel confirmation" role="status">
          <h3>
            {t('appointments.ticket.yours')} :{' '}
            <bdi dir="ltr" className="code ticket-number">
              {ticket.number}
            </bdi>
          </h3>
          <p>{t('appointments.ticket.wait', { ahead: ticket.ahead ?? 0, minutes: ticket.estimatedWaitMinutes ?? 0 })}</p>
        </div>
      ) : (
        <form onSubmit={take} noValidate aria-labelledby="ticket-title">
          <p>{t('appointments.ticket.intro')}</p>
          <SelectField
            id="ticket-procedure"
            label={t('appointments.procedure')}
            placeholder={t('appointments.ticket.choose')}
            value={procedure}
            onChange={setProcedure}
            options={services.map((s) => ({ value: s.procedureCode, label: name(s.procedureCode) }))}
            error={problem ?? undefined}
          />
          <Button type="submit" className="button" isDisabled={takeTicket.isPending}>
            {t('appointments.ticket.take')}
          </Button>
        </form>
      )}
    </section>
  );
}

/**
 * The citizen's appointments, and booking one: procedure, then day and time, then the code and its QR.
 * Without an account (`guest`): the same choice, then the CIN and the phone on file, then the code sent by SMS.
 */
export function AppointmentsPage({ guest = false }: { guest?: boolean }) {
  const { t, text, dateTime } = useT();
  const intl = useIntl();
  const title = usePageTitle(t(guest ? 'appointments.guest.title' : 'appointments.title'));
  const client = useQueryClient();
  const procedures = useProcedures();
  const mine = useQuery({
    queryKey: ['appointments'],
    enabled: !guest,
    queryFn: () => unwrap(api.GET('/api/v1/me/appointments', { params: { query: { limit: 50 } } })),
  });
  const offered = useQuery({
    queryKey: ['appointment-services'],
    queryFn: () => unwrap(api.GET('/api/v1/appointments/services')),
    staleTime: 5 * 60_000,
  });
  const [procedure, setProcedure] = useState('');
  const [step, setStep] = useState<'procedure' | 'slot' | 'who' | 'done'>('procedure');
  const [day, setDay] = useState('');
  const [slot, setSlot] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [booked, setBooked] = useState<Appointment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const key = useRef<string | null>(null);
  const service = offered.data?.items.find((s) => s.procedureCode === procedure);
  const slots = useQuery({
    queryKey: ['slots', procedure, service?.annexId],
    enabled: step === 'slot' && !!service,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/appointments/slots', {
          params: { query: { procedure, annex: service!.annexId, to: isoDaysAhead(service!.daysAhead) } },
        }),
      ),
  });
  const name = (code: string) => text(procedures.data?.items.find((p) => p.code === code)?.name) || code;
  const dayOf = (iso: string) => intl.formatDate(iso, { year: 'numeric', month: '2-digit', day: '2-digit' });
  const days = [...new Map((slots.data?.slots ?? []).map((s) => [dayOf(s.startsAt), s.startsAt])).entries()];
  const times = (slots.data?.slots ?? []).filter((s) => dayOf(s.startsAt) === day);

  function chooseProcedure(e: FormEvent) {
    e.preventDefault();
    if (!procedure)
      return setProblems([{ field: 'appointment-procedure', message: t('error.choose', { field: t('appointments.procedure') }) }]);
    setProblems([]);
    setDay('');
    setSlot('');
    setStep('slot');
  }

  const booking = useMutation({
    mutationFn: ({ body, key }: { body: Schemas['AppointmentCreate']; key: string }) =>
      unwrap(api.POST('/api/v1/appointments', { body, headers: { 'Idempotency-Key': key } })),
    onSuccess: (a) => {
      key.current = null;
      setBooked(a);
      setStep('done');
      void client.invalidateQueries({ queryKey: ['appointments'] });
    },
    onError: (err) => {
      key.current = null;
      setProblems([{ field: 'appointment-time', message: bookingProblem(err, t) }]);
      void slots.refetch();
    },
  });
  const cancelling = useMutation({
    mutationFn: (a: Appointment) => unwrap(api.DELETE('/api/v1/appointments/{id}', { params: { path: { id: a.id } } })),
    onSuccess: () => setNotice(t('appointments.cancelled')),
    onError: (err) => setNotice(generalProblem(err, t)),
    onSettled: () => void client.invalidateQueries({ queryKey: ['appointments'] }),
  });

  function book(e: FormEvent) {
    e.preventDefault();
    const missing = [
      ...(!day ? [{ field: 'appointment-day', message: t('error.choose', { field: t('appointments.day') }) }] : []),
      ...(day && !slot ? [{ field: 'appointment-time', message: t('error.choose', { field: t('appointments.time') }) }] : []),
    ];
    setProblems(missing);
    if (missing.length) return;
    if (guest) return setStep('who');
    // One key per attempt: a double tap or a retry after a network cut books once.
    key.current ??= webIdempotencyKey();
    booking.mutate({ body: { procedureCode: procedure, startsAt: slot, annexId: service!.annexId }, key: key.current });
  }

  return (
    <section aria-labelledby="appointments-title">
      <ErrorSummary problems={problems} />
      <h1 id="appointments-title" ref={title} tabIndex={-1}>
        {t(guest ? 'appointments.guest.title' : 'appointments.title')}
      </h1>
      {notice && <p role="status">{notice}</p>}
      {guest ? (
        <p className="guest-intro">
          {t('appointments.guest.intro')}{' '}
          <AppLink href={`/login?next=${encodeURIComponent('/appointments')}`}>{t('appointments.guest.signIn')}</AppLink>
        </p>
      ) : mine.isPending ? (
        <Loading />
      ) : mine.isError ? (
        <Failure>{generalProblem(mine.error, t)}</Failure>
      ) : mine.data.items.length === 0 ? (
        <p>{t('appointments.none')}</p>
      ) : (
        <ul className="cards appointments">
          {mine.data.items.map((a) => (
            <li key={a.id} className="card" data-code={a.code}>
              <h2>{name(a.procedureCode)}</h2>
              <p>
                <time dateTime={a.startsAt}>{dateTime(a.startsAt)}</time>
              </p>
              <p>
                {t('appointments.code')} :{' '}
                <bdi dir="ltr" className="code">
                  {a.code}
                </bdi>
              </p>
              <span className="tag">{t(`appointments.state.${a.state}` as MessageId)}</span>
              {a.state === 'booked' && (
                <>
                  <Qr a={a} />
                  <Button className="button secondary" onPress={() => cancelling.mutate(a)} isDisabled={cancelling.isPending}>
                    {t('appointments.cancel')}
                  </Button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}

      {!guest && offered.data && offered.data.items.length > 0 && <TakeTicket services={offered.data.items} name={name} />}

      <h2 id="book-title">{t('appointments.book')}</h2>
      {step === 'procedure' &&
        (offered.isPending ? (
          <Loading />
        ) : offered.isError ? (
          <Failure>{generalProblem(offered.error, t)}</Failure>
        ) : (
          <form onSubmit={chooseProcedure} noValidate aria-labelledby="book-title">
            <Choice
              id="appointment-procedure"
              label={t('appointments.procedure')}
              value={procedure}
              onChange={setProcedure}
              options={offered.data.items.map((s) => ({ value: s.procedureCode, label: name(s.procedureCode) }))}
              error={problems.find((p) => p.field === 'appointment-procedure')?.message}
            />
            <Button type="submit" className="button">
              {t('appointments.continue')}
            </Button>
          </form>
        ))}
      {step === 'slot' &&
        (slots.isPending ? (
          <Loading />
        ) : slots.isError ? (
          <Failure>{generalProblem(slots.error, t)}</Failure>
        ) : slots.data.slots.length === 0 ? (
          <p>{t('appointments.noSlot')}</p>
        ) : (
          <form onSubmit={book} noValidate aria-labelledby="book-title">
            <p>
              <strong>{name(procedure)}</strong> · {t('appointments.wait', { minutes: slots.data.estimatedWaitMinutes })}
            </p>
            <SelectField
              id="appointment-day"
              label={t('appointments.day')}
              placeholder={t('appointments.chooseDay')}
              value={day}
              onChange={(d) => (setDay(d), setSlot(''))}
              options={days.map(([label, iso]) => ({
                value: label,
                label: intl.formatDate(iso, { weekday: 'long', day: 'numeric', month: 'long' }),
              }))}
              error={problems.find((p) => p.field === 'appointment-day')?.message}
            />
            {day && (
              <Choice
                id="appointment-time"
                className="slots"
                label={t('appointments.time')}
                value={slot}
                onChange={setSlot}
                options={times.map((s) => ({
                  value: s.startsAt,
                  label: `${intl.formatTime(s.startsAt, { hour: '2-digit', minute: '2-digit' })} — ${t('appointments.free', { n: s.free })}`,
                }))}
                error={problems.find((p) => p.field === 'appointment-time')?.message}
              />
            )}
            <Button type="submit" className="button" isDisabled={booking.isPending}>
              {t('appointments.confirm')}
            </Button>
          </form>
        ))}
      {step === 'who' && (
        <GuestBooking
          what={name(procedure)}
          slot={slot}
          body={{ procedureCode: procedure, startsAt: slot, annexId: service!.annexId }}
          problems={problems}
          setProblems={setProblems}
          onBooked={(a) => (setBooked(a), setStep('done'))}
        />
      )}
      {step === 'done' && booked && (
        <div className="panel confirmation" role="status">
          <h3>{t('appointments.booked')}</h3>
          <p>{t('appointments.bookedText', { when: dateTime(booked.startsAt) })}</p>
          <p>
            {t('appointments.code')} :{' '}
            <bdi dir="ltr" className="code booking-code">
              {booked.code}
            </bdi>
          </p>
          <Qr a={booked} />
        </div>
      )}
    </section>
  );
}

/** The last day slots can be open: the service's release horizon. */
export function isoDaysAhead(days: number): string {
  return new Date(Date.now() + Math.min(days, 30) * 86400_000).toISOString().slice(0, 10);
}
