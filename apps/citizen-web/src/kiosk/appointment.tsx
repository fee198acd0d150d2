import { FormEvent, useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useIntl } from 'react-intl';
import type { Schemas } from '@annex/api-client';
import { ApiError, unwrap } from '../api';
import { useT } from '../i18n';
import { ErrorSummary, FieldProblem, TextInput } from '../ui';
import { generalProblem } from '../problems';
import type { KioskDevice } from './index';
import { Keypad, press } from './keypad';

/** Why a check-in was refused, in plain words (the API's problem type names the case). */
function checkInProblem(err: unknown, t: ReturnType<typeof useT>['t']): string {
  const type = err instanceof ApiError ? (err.problem.type ?? '') : '';
  if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return t('kiosk.appointmentUnknown');
  if (type.endsWith('/appointment-too-early')) return t('kiosk.appointmentEarly');
  if (type.endsWith('/appointment-too-late')) return t('kiosk.appointmentLate');
  if (type.endsWith('/appointment-state')) return t('kiosk.appointmentDone');
  return generalProblem(err, t);
}

/**
 * Check-in of a booked visit: the QR reader types the code into the focused field and presses
 * Enter (as a keyboard does), or the visitor types it on the keypad; the answer is a ticket.
 */
export function KioskAppointment({ device }: { device: KioskDevice }) {
  const { t } = useT();
  const intl = useIntl();
  const [code, setCode] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [ticket, setTicket] = useState<Schemas['TicketDto'] | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const typed = code.trim().toUpperCase();
    if (!typed) return setProblems([{ field: 'kiosk-appointment', message: t('error.required', { field: t('appointments.code') }) }]);
    setProblems([]);
    try {
      setTicket(await unwrap(device.api.POST('/api/v1/appointments/{code}/check-in', { params: { path: { code: typed } } })));
    } catch (err) {
      setProblems([{ field: 'kiosk-appointment', message: checkInProblem(err, t) }]);
      setCode('');
      input.current?.focus();
    }
  }

  if (ticket) {
    return (
      <section aria-labelledby="kiosk-ticket-title" className="kiosk-done" role="status">
        <h1 id="kiosk-ticket-title">{t('kiosk.yourTicket')}</h1>
        <p className="ticket-number" data-number={ticket.number}>
          <bdi dir="ltr">{ticket.number}</bdi>
        </p>
        <p>{t('kiosk.checkedInText', { time: intl.formatTime(ticket.dueAt!, { hour: '2-digit', minute: '2-digit' }) })}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="kiosk-appointment-title">
      <ErrorSummary problems={problems} />
      <h1 id="kiosk-appointment-title">{t('kiosk.appointment')}</h1>
      <p>{t('kiosk.appointmentIntro')}</p>
      <form onSubmit={submit} noValidate className="kiosk-form">
        <TextInput
          id="kiosk-appointment"
          className="active"
          label={t('appointments.code')}
          value={code}
          onChange={(v) => setCode(v.toUpperCase())}
          error={problems[0]?.message}
          inputRef={input}
          inputMode="none"
          autoComplete="off"
          dir="ltr"
        />
        <Keypad target={t('appointments.code')} onKey={(k) => setCode((v) => press(v, k))} />
        <Button type="submit" className="button">
          {t('kiosk.checkIn')}
        </Button>
      </form>
    </section>
  );
}
