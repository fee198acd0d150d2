import type { Schemas } from '@annex/api-client';
import { useFormat, useT } from '../../i18n';
import { Link } from '../../router';

/**
 * On the counter panel, for a ticket that was a booked visit: its time, and (right after the
 * call) the booking's code, procedure and the request it is for.
 */
export function AppointmentNote({ ticket, booking }: { ticket: Schemas['TicketDto']; booking?: Schemas['TicketBookingDto'] }) {
  const t = useT();
  const f = useFormat();
  return (
    <div className="appointment-note" data-appointment={booking?.code ?? ''}>
      <p>
        <strong>{t('tickets.appointment', { time: f.dateTime(ticket.dueAt) })}</strong>
      </p>
      {booking && (
        <p>
          {t('tickets.booking', { procedure: booking.procedureCode })}{' '}
          <bdi dir="ltr" className="code">
            {booking.code}
          </bdi>
          {booking.requestId && (
            <>
              {' · '}
              <Link to={`/requests/${booking.requestId}`}>{t('tickets.bookingRequest')}</Link>
            </>
          )}
        </p>
      )}
    </div>
  );
}
