/** Booking under concurrent load: many citizens after few places; the places must never be oversold. */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { load } from '../lib';

export interface BookingResult {
  rps: number;
  p99: number;
  attempts: number;
  booked: number;
  full: number;
  other: number;
  /** Slots holding more bookings than their capacity (must be 0). */
  oversold: number;
}

/**
 * Reception books for `attempts` distinct citizens (each once), all aiming at the first `hot`
 * free slots of PASSPORT: most answers are 409 (slot full) by design; afterwards no slot may
 * hold more places than its counters, and every 201 must be a row.
 */
export async function measureBooking(
  base: string,
  pool: Pool,
  token: string,
  attempts: number,
  connections: number,
  hot = 20,
): Promise<BookingResult> {
  const today = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 13 * 86400_000).toISOString().slice(0, 10);
  const res = await fetch(`${base}/api/v1/appointments/slots?procedure=PASSPORT&from=${today}&to=${to}`);
  if (!res.ok) throw new Error(`slots: ${res.status}`);
  const slots = ((await res.json()) as { slots: { startsAt: string }[] }).slots.slice(0, hot).map((s) => s.startsAt);
  if (!slots.length) throw new Error('no free PASSPORT slot in the next two weeks');
  const citizens = (
    await pool.query(
      `SELECT id FROM citizen c WHERE NOT EXISTS (SELECT 1 FROM appointment a WHERE a.citizen_id = c.id AND a.state = 'booked' AND a.procedure_code = 'PASSPORT') ORDER BY random() LIMIT $1`,
      [attempts],
    )
  ).rows.map((r: { id: string }) => r.id);
  const [{ n: before }] = (await pool.query(`SELECT count(*)::int AS n FROM appointment`)).rows;
  let i = 0;
  const r = await load(
    'appointment booking',
    base,
    () => {
      const citizenId = citizens[i % citizens.length];
      const startsAt = slots[i++ % slots.length];
      return {
        method: 'POST',
        path: '/api/v1/appointments',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ procedureCode: 'PASSPORT', startsAt, citizenId }),
      };
    },
    { connections, seconds: 0, amount: citizens.length },
  );
  const [{ n: after }] = (await pool.query(`SELECT count(*)::int AS n FROM appointment`)).rows;
  const [{ n: oversold }] = (
    await pool.query(
      `SELECT count(*)::int AS n FROM (SELECT a.service_id, a.starts_at FROM appointment a JOIN bookable_service s ON s.id = a.service_id
         WHERE a.state IN ('booked', 'checked_in') GROUP BY a.service_id, a.starts_at, s.counters HAVING count(*) > s.counters) x`,
    )
  ).rows;
  const booked = r.statuses['201'] ?? 0;
  const full = r.statuses['409'] ?? 0;
  if (after - before !== booked) throw new Error(`${booked} answers 201 but ${after - before} rows written`);
  return { rps: r.rps, p99: r.p99, attempts: r.requests, booked, full, other: r.requests - booked - full, oversold };
}
