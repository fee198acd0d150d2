import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import type { Schemas } from '@annex/api-client';
import { api, ApiError, must } from '../../api/client';
import { procedureName, useProcedures } from '../../api/queries';
import { Choice, ErrorSummary, FieldProblem, newIdempotencyKey } from '@annex/web-kit';
import { MessageId, useFormat, useLang, useT } from '../../i18n';
import { Link } from '../../router';
import { CitizenStep } from '../filing/CitizenStep';
import type { Citizen } from '../filing/FilingPage';

type Appointment = Schemas['AppointmentDto'];

/** Why the API refused the booking, in the desk's words. */
function refusal(e: unknown): MessageId {
  const type = e instanceof ApiError ? ((e.problem as { type?: string } | undefined)?.type ?? '') : '';
  if (type.endsWith('/slot-full')) return 'booking.taken';
  if (type.endsWith('/appointment-already-booked')) return 'booking.already';
  if (type.endsWith('/appointment-limit')) return 'booking.limit';
  return 'errors.failed';
}

/**
 * Reception books a visit for a citizen on the phone: find them in the register, choose the
 * procedure and a free slot of the annex, book (POST /appointments with their id); the code is
 * read out to them and also goes by SMS.
 */
export function BookingPage() {
  const t = useT();
  const f = useFormat();
  const intl = useIntl();
  const { lang } = useLang();
  const client = useQueryClient();
  const procedures = useProcedures();
  const [citizen, setCitizen] = useState<Citizen | null>(null);
  const [procedure, setProcedure] = useState('');
  const [day, setDay] = useState('');
  const [slot, setSlot] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const [booked, setBooked] = useState<Appointment | null>(null);
  const key = useRef<string>(newIdempotencyKey());

  const offered = useQuery({
    queryKey: ['appointment-services'],
    queryFn: async () => must(await api.GET('/api/v1/appointments/services', { params: { query: {} } })).items,
    staleTime: 5 * 60_000,
    enabled: !!citizen,
  });
  const service = offered.data?.find((s) => s.procedureCode === procedure);
  const slots = useQuery({
    queryKey: ['slots', procedure, service?.annexId],
    enabled: !!service,
    queryFn: async () => {
      const to = new Date(Date.now() + Math.min(service!.daysAhead, 30) * 86400_000).toISOString().slice(0, 10);
      return must(await api.GET('/api/v1/appointments/slots', { params: { query: { procedure, annex: service!.annexId, to } } }));
    },
  });
  const dayOf = (iso: string) => intl.formatDate(iso, { weekday: 'short', day: 'numeric', month: 'long' });
  const timeOf = (iso: string) => intl.formatTime(iso, { hour: '2-digit', minute: '2-digit' });
  const days = [...new Set((slots.data?.slots ?? []).map((s) => dayOf(s.startsAt)))];
  const times = (slots.data?.slots ?? []).filter((s) => dayOf(s.startsAt) === day);
  const errorOf = (id: string) => problems.find((p) => p.field === id)?.message;

  function reset() {
    setCitizen(null);
    setProcedure('');
    setDay('');
    setSlot('');
    setProblems([]);
    setBooked(null);
    key.current = newIdempotencyKey();
  }

  async function book(e: FormEvent) {
    e.preventDefault();
    const found: FieldProblem[] = [
      ...(procedure ? [] : [{ field: 'booking-procedure', label: t('booking.procedure'), message: t('booking.chooseProcedure') }]),
      ...(procedure && !day ? [{ field: 'booking-day', label: t('booking.day'), message: t('booking.chooseDay') }] : []),
      ...(day && !slot ? [{ field: 'booking-time', label: t('booking.time'), message: t('booking.chooseTime') }] : []),
    ];
    setProblems(found);
    if (found.length || !citizen || !service) return;
    setBusy(true);
    try {
      const a = must(
        await api.POST('/api/v1/appointments', {
          body: { procedureCode: procedure, startsAt: slot, citizenId: citizen.id, annexId: service.annexId },
          headers: { 'Idempotency-Key': key.current },
        }),
      );
      setBooked(a);
    } catch (err) {
      setProblems([{ field: 'booking-time', label: t('booking.time'), message: t(refusal(err)) }]);
      setSlot('');
      key.current = newIdempotencyKey();
    } finally {
      setBusy(false);
      void client.invalidateQueries({ queryKey: ['slots'] });
    }
  }

  if (!citizen) {
    return (
      <section className="booking">
        <p>
          <Link to="/reception">{t('booking.back')}</Link>
        </p>
        <CitizenStep title={t('booking.title')} reason="appointment booking" onChosen={setCitizen} />
      </section>
    );
  }
  const name = `${citizen.firstName} ${citizen.lastName}`;
  if (booked) {
    return (
      <section className="booking" aria-labelledby="booked-title">
        <div className="panel booked" role="status">
          <h1 id="booked-title">{t('booking.doneTitle')}</h1>
          <p>
            {t('booking.codeIs')}{' '}
            <bdi dir="ltr" className="code booking-code" data-code={booked.code}>
              {booked.code}
            </bdi>
          </p>
          <p>
            {procedureName(procedures.data, booked.procedureCode, lang)} · {f.dateTime(booked.startsAt)}
          </p>
          <p>{t('booking.smsSent', { name })}</p>
        </div>
        <div className="button-row">
          <button type="button" onClick={reset}>
            {t('booking.another')}
          </button>
          <Link to="/reception">{t('booking.back')}</Link>
        </div>
      </section>
    );
  }
  return (
    <section className="booking" aria-labelledby="booking-title">
      <p>
        <Link to="/reception">{t('booking.back')}</Link>
      </p>
      <h1 id="booking-title">{t('booking.title')}</h1>
      <p>
        {t('booking.for')} <strong dir="ltr">{name}</strong> · <bdi dir="ltr">{citizen.cin}</bdi>{' '}
        <button type="button" className="link-button" onClick={reset}>
          {t('booking.otherCitizen')}
        </button>
      </p>
      <form onSubmit={book} noValidate>
        <ErrorSummary problems={problems} />
        {offered.data && offered.data.length === 0 && <p role="status">{t('booking.noneOffered')}</p>}
        <Choice
          id="booking-procedure"
          label={t('booking.procedure')}
          value={procedure}
          onChange={(v) => {
            setProcedure(v);
            setDay('');
            setSlot('');
          }}
          error={errorOf('booking-procedure')}
          isRequired
          options={(offered.data ?? []).map((s) => ({
            value: s.procedureCode,
            label: procedureName(procedures.data, s.procedureCode, lang),
          }))}
        />
        {service && slots.data && (
          <>
            <p className="hint">{t('booking.visit', { minutes: slots.data.visitMinutes, wait: slots.data.estimatedWaitMinutes })}</p>
            {days.length === 0 ? (
              <p role="status">{t('booking.noSlots')}</p>
            ) : (
              <Choice
                id="booking-day"
                label={t('booking.day')}
                value={day}
                onChange={(v) => {
                  setDay(v);
                  setSlot('');
                }}
                error={errorOf('booking-day')}
                isRequired
                options={days.map((d) => ({ value: d, label: d }))}
              />
            )}
          </>
        )}
        {day && (
          <Choice
            id="booking-time"
            label={t('booking.time')}
            value={slot}
            onChange={setSlot}
            error={errorOf('booking-time')}
            isRequired
            options={times.map((s) => ({ value: s.startsAt, label: t('booking.slot', { time: timeOf(s.startsAt), free: s.free }) }))}
          />
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('booking.submit')}
        </button>
      </form>
    </section>
  );
}
