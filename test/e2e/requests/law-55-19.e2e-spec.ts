import { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { SlaTimers } from '@app/sla';
import { bearer, createTestApp, eventually, TestApp } from '../../support/app';
import { citizenWithTokens, move, submit } from './helpers';
import { startWorker } from '../../support/worker';

const text = (fr: string, ar = `نص ${fr}`, en = fr) => ({ ar, fr, en });
const ZONE = 'Africa/Casablanca';

/** A guide entry under law 55-19: 5 working days, an appeal route, two refusal grounds, one document the annex obtains itself. */
function procedure(code: string, frame: { silence?: boolean } = {}) {
  return {
    code,
    category: 'residence',
    name: text(`Attestation ${code}`),
    description: text('Attestation délivrée sous la loi 55-19'),
    documents: [
      {
        code: 'CIN',
        name: text('Carte nationale', 'البطاقة الوطنية', 'National ID card'),
        description: text('Copie de la CIN'),
        providedBy: 'citizen',
      },
      {
        code: 'BIRTH_EXTRACT',
        name: text("Extrait d'acte de naissance", 'نسخة من رسم الولادة', 'Birth extract'),
        description: text("Obtenu auprès de l'état civil"),
        providedBy: 'administration',
        source: { administration: text('État civil'), route: 'etat-civil/extrait' },
      },
    ],
    feeMad: 0,
    slaHours: 8,
    channels: ['web', 'counter'],
    inPerson: false,
    external: false,
    fields: [{ key: 'motive', type: 'text', required: true, label: text('Motif', 'السبب', 'Motive') }],
    issuesCertificate: false,
    legalFrame: {
      maxDelayWorkingDays: 5,
      delaySource: 'decree',
      feePayment: null,
      silenceMeansAcceptance: !!frame.silence,
      appealRoute: text('Recours gracieux auprès du pachalik, puis tribunal administratif'),
      refusalGrounds: [
        { code: 'NOT_RESIDENT', label: text("Le demandeur ne réside pas dans le ressort de l'annexe") },
        { code: 'INCOMPLETE', label: text('Dossier incomplet') },
      ],
      changeReference: 'Décret 2-20-660, art. 4',
    },
  };
}

/** The expected deadline, worked out by hand: the 5th weekday after today that is not a holiday. */
function fifthWorkingDay(from: DateTime, closed: Set<string>): string {
  let d = from;
  let n = 0;
  while (n < 5) {
    d = d.plus({ days: 1 });
    if (d.weekday <= 5 && !closed.has(d.toISODate()!) && !closed.has(d.toISODate()!.slice(5))) n++;
  }
  return d.toISODate()!;
}

describe('law 55-19: receipts, justified decisions, documents asked once, tacit acceptance, abolished certificates', () => {
  let t: TestApp;
  let admin: string;
  let agent: string;
  let holidayId: string | undefined;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token('admin');
    agent = await t.token('agent1', undefined, 1);
    for (const code of ['LAW_FIVE', 'LAW_SILENT']) {
      await t.http
        .post('/api/v1/procedures')
        .set(bearer(admin))
        .send(procedure(code, { silence: code === 'LAW_SILENT' }))
        .expect(201);
    }
  });
  afterAll(async () => {
    if (holidayId) await t.http.delete(`/api/v1/holidays/${holidayId}`).set(bearer(admin));
    await t.close();
  });

  const file = async (code: string) => {
    const c = await citizenWithTokens(t);
    const r = await submit(t, c.web, { procedureCode: code, form: { motive: 'dossier bancaire' } }).expect(201);
    return { c, id: r.body.id as string, trackingCode: r.body.trackingCode as string };
  };

  it('publishes the legal frame in the guide: delay, appeal, grounds, who provides each document', async () => {
    const g = await t.http.get('/api/v1/procedures/LAW_FIVE').expect(200);
    expect(g.body.legalFrame).toMatchObject({
      maxDelayWorkingDays: 5,
      delaySource: 'decree',
      silenceMeansAcceptance: false,
      changeReference: 'Décret 2-20-660, art. 4',
    });
    expect(g.body.documents.map((d: { code: string; providedBy: string }) => [d.code, d.providedBy])).toEqual([
      ['CIN', 'citizen'],
      ['BIRTH_EXTRACT', 'administration'],
    ]);
    const noSource = procedure('LAW_BAD');
    noSource.documents[1] = { ...noSource.documents[1], source: undefined } as never;
    const bad = await t.http.post('/api/v1/procedures').set(bearer(admin)).send(noSource).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['documents.1.source']);
  });

  it('gives a numbered receipt at once whose legal deadline is 5 working days later, past the week-end and a holiday', async () => {
    // A holiday on the next weekday: the deadline must skip it as well as the week-end.
    const today = DateTime.now().setZone(ZONE).startOf('day');
    const listed = await t.http.get('/api/v1/holidays?limit=100').expect(200);
    const closed = new Set<string>(listed.body.items.map((h: { day: string | null; monthDay: string | null }) => h.day ?? h.monthDay));
    let holiday = today.plus({ days: 1 });
    while (holiday.weekday > 5 || closed.has(holiday.toISODate()!) || closed.has(holiday.toISODate()!.slice(5)))
      holiday = holiday.plus({ days: 1 });
    const added = await t.http
      .post('/api/v1/holidays')
      .set(bearer(admin))
      .send({ day: holiday.toISODate(), nameAr: 'عطلة اختبار', nameFr: 'Jour férié de test' })
      .expect(201);
    holidayId = added.body.id;
    closed.add(holiday.toISODate()!);

    const c = await citizenWithTokens(t);
    const filed = await submit(t, c.web, { procedureCode: 'LAW_FIVE', form: { motive: 'dossier bancaire' } }).expect(201);
    const { id, trackingCode } = filed.body;
    const receipt = await t.http.get(`/api/v1/requests/${id}/receipt`).set(bearer(c.web)).expect(200);
    // Given at once: the submission's answer names it.
    expect(filed.body).toMatchObject({ receiptNumber: receipt.body.number, legalDeadline: receipt.body.legalDeadline });
    const expected = fifthWorkingDay(today, closed);
    expect(receipt.body).toMatchObject({
      number: trackingCode.replace(/-(\d+)$/, '-R-$1'),
      trackingCode,
      legalDeadlineDate: expected,
      maxDelayWorkingDays: 5,
      silenceMeansAcceptance: false,
      procedure: { code: 'LAW_FIVE', version: 1 },
      filed: [{ key: 'motive', value: 'dossier bancaire', label: expect.objectContaining({ fr: 'Motif' }) }],
      trackUrl: expect.stringContaining(`/t/${trackingCode}`),
    });
    // The deadline is the close of that day, on the annex's hours.
    expect(DateTime.fromISO(receipt.body.legalDeadline, { zone: ZONE }).toFormat('HH:mm')).toBe('16:30');
    expect(DateTime.fromISO(expected).diff(today, 'days').days).toBeGreaterThanOrEqual(8);

    const pdf = await t.http.get(`/api/v1/requests/${id}/receipt/pdf`).set(bearer(agent)).buffer(true).expect(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    // Another citizen sees nothing.
    const other = await citizenWithTokens(t);
    await t.http.get(`/api/v1/requests/${id}/receipt`).set(bearer(other.web)).expect(404);
  });

  it('runs deadlines on seasonal opening hours (Ramadan, summer) in their date range, and on the weekly hours again once removed', async () => {
    const [annex] = await t.db.query(`SELECT id FROM annex WHERE code = 'BRK5'`);
    const today = DateTime.now().setZone(ZONE);
    const body = {
      annexId: annex.id,
      nameAr: 'توقيت رمضان',
      nameFr: 'Horaire de Ramadan',
      startsOn: today.toISODate(),
      endsOn: today.plus({ days: 40 }).toISODate(),
      openingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['09:00', '15:00']])),
    };
    const bad = await t.http
      .post('/api/v1/seasonal-hours')
      .set(bearer(admin))
      .send({ ...body, openingHours: { mon: ['15:00', '09:00'] } })
      .expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'openingHours.mon' })]);
    const season = await t.http.post('/api/v1/seasonal-hours').set(bearer(admin)).send(body).expect(201);
    try {
      const listed = await t.http.get(`/api/v1/seasonal-hours?annexId=${annex.id}`).expect(200);
      expect(listed.body.map((s: { id: string }) => s.id)).toContain(season.body.id);
      const { c, id } = await file('LAW_FIVE');
      const receipt = await t.http.get(`/api/v1/requests/${id}/receipt`).set(bearer(c.web)).expect(200);
      expect(DateTime.fromISO(receipt.body.legalDeadline, { zone: ZONE }).toFormat('HH:mm')).toBe('15:00');
      // The SLA clock follows the same hours: its due time falls inside them.
      const [r] = await t.db.query(`SELECT sla_due_at FROM service_request WHERE id = $1`, [id]);
      const due = DateTime.fromJSDate(r.sla_due_at, { zone: ZONE }).toFormat('HH:mm');
      expect(due >= '09:00' && due <= '15:00').toBe(true);
    } finally {
      await t.http.delete(`/api/v1/seasonal-hours/${season.body.id}`).set(bearer(admin)).expect(204);
    }
    const { c, id } = await file('LAW_FIVE');
    const after = await t.http.get(`/api/v1/requests/${id}/receipt`).set(bearer(c.web)).expect(200);
    expect(DateTime.fromISO(after.body.legalDeadline, { zone: ZONE }).toFormat('HH:mm')).toBe('16:30');
  });

  it('refuses a refusal without a legal ground (400 naming ground), then records the ground cited', async () => {
    const { id } = await file('LAW_FIVE');
    await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent)).expect(200);
    const missing = await move(t, agent, id, 'rejected', { reason: 'adresse hors ressort' }).expect(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'ground', reason: 'required' })]);
    const version = (await t.db.query(`SELECT version FROM service_request WHERE id = $1`, [id]))[0].version;
    const unknown = await t.http
      .post(`/api/v1/requests/${id}/transitions`)
      .set(bearer(agent))
      .send({ to: 'rejected', reason: 'x', ground: 'WHIM', version })
      .expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'ground', reason: 'unknown' })]);
    const ok = await t.http
      .post(`/api/v1/requests/${id}/transitions`)
      .set(bearer(agent))
      .send({ to: 'rejected', reason: 'adresse hors ressort', ground: 'NOT_RESIDENT', version })
      .expect(200);
    expect(ok.body.state).toBe('rejected');
    const events = await t.http.get(`/api/v1/requests/${id}/events`).set(bearer(agent)).expect(200);
    expect(events.body.items.at(-1)).toMatchObject({ toState: 'rejected', legalGround: 'NOT_RESIDENT', reason: 'adresse hors ressort' });
    const [notice] = await t.db.query(
      `SELECT payload FROM outbox_message WHERE topic = 'notify' AND payload->>'requestId' = $1 AND payload->>'template' = 'request.rejected'`,
      [id],
    );
    expect(notice.payload.data.appealRoute.fr).toContain('tribunal administratif');
  });

  it('refuses an information request asking for a document the administration obtains itself', async () => {
    const { id } = await file('LAW_FIVE');
    await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent)).expect(200);
    const send = async (body: object) => {
      const version = (await t.db.query(`SELECT version FROM service_request WHERE id = $1`, [id]))[0].version;
      return t.http
        .post(`/api/v1/requests/${id}/transitions`)
        .set(bearer(agent))
        .send({ to: 'needs_info', version, ...body });
    };
    const byCode = await send({ reason: 'merci de compléter', documents: ['BIRTH_EXTRACT'] });
    expect(byCode.status).toBe(400);
    expect(byCode.body.errors).toEqual([expect.objectContaining({ field: 'documents.0', reason: 'obtainedByAdministration' })]);
    const byName = await send({ reason: "Merci d'apporter un extrait d'acte de naissance récent" });
    expect(byName.status).toBe(400);
    expect(byName.body.errors).toEqual([expect.objectContaining({ field: 'reason', reason: 'obtainedByAdministration' })]);
    expect((await t.db.query(`SELECT state FROM service_request WHERE id = $1`, [id]))[0].state).toBe('in_review');
    // The citizen's own document may be asked for.
    expect((await send({ reason: 'La copie de la CIN est illisible', documents: ['CIN'] })).status).toBe(200);
  });

  it('keeps an abolished certificate in the guide, explains what to do instead, and refuses requests for it', async () => {
    const abolished = {
      ...procedure('LAW_GONE'),
      abolished: {
        since: '2020-03-19',
        reference: 'Loi 55-19, art. 6',
        instead: text("Présentez votre CIN : ce certificat n'est plus exigé"),
      },
    };
    await t.http.post('/api/v1/procedures').set(bearer(admin)).send(abolished).expect(201);
    const page = await t.http.get('/api/v1/procedures/LAW_GONE').expect(200);
    expect(page.body.abolished).toEqual({
      since: '2020-03-19',
      reference: 'Loi 55-19, art. 6',
      instead: expect.objectContaining({ fr: expect.stringContaining('plus exigé') }),
    });
    const found = await t.http.get('/api/v1/procedures?q=attestation%20law%20gone').expect(200);
    expect(found.body.items.map((p: { code: string }) => p.code)).toContain('LAW_GONE');
    const c = await citizenWithTokens(t);
    const refused = await submit(t, c.web, { procedureCode: 'LAW_GONE', form: { motive: 'x' } }).expect(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'procedureCode', reason: 'abolished', message: expect.stringContaining('2020-03-19') }),
    ]);
  });

  describe('with the worker running', () => {
    let worker: INestApplicationContext;
    beforeAll(async () => {
      worker = await startWorker();
      await worker.init();
    });
    afterAll(async () => worker?.close());

    it('accepts a silence-means-acceptance request at its legal deadline, once, with the event and the SMS', async () => {
      const { id } = await file('LAW_SILENT');
      const receipt = await t.http.get(`/api/v1/requests/${id}/receipt`).set(bearer(agent)).expect(200);
      expect(receipt.body.silenceMeansAcceptance).toBe(true);
      const [row] = await t.db.query(`SELECT tacit_accept_at FROM service_request WHERE id = $1`, [id]);
      expect(row.tacit_accept_at.toISOString()).toBe(receipt.body.legalDeadline);
      // Bring the deadline close (as the SLA tests do), then let the timer fire.
      await t.db.query(`UPDATE service_request SET tacit_accept_at = now() + interval '800 milliseconds' WHERE id = $1`, [id]);
      await worker.get(SlaTimers).sync(id);
      await eventually(async () => (await t.db.query(`SELECT state FROM service_request WHERE id = $1`, [id]))[0].state === 'approved');
      const types = (await t.db.query(`SELECT type, to_state FROM request_event WHERE request_id = $1 ORDER BY id`, [id])).map(
        (e: { type: string }) => e.type,
      );
      expect(types.filter((x: string) => x === 'request.tacitly_accepted')).toHaveLength(1);
      const sms = await eventually(async () => {
        const [n] = await t.db.query(
          `SELECT channel, status FROM notification WHERE request_id = $1 AND template = 'request.tacit_accepted'`,
          [id],
        );
        return n?.status === 'sent' || n?.status === 'delivered' ? n : null;
      });
      expect(sms.channel).toBe('sms');
      // A replayed timer changes nothing.
      const [again] = await t.db.query(`SELECT tacit_accept_at FROM service_request WHERE id = $1`, [id]);
      expect(await worker.get(SlaTimers).fire('tacit', { requestId: id, at: again.tacit_accept_at.toISOString() })).toBe(false);
    });

    it('does not accept tacitly a request decided in time', async () => {
      const { id } = await file('LAW_SILENT');
      await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent)).expect(200);
      await move(t, agent, id, 'approved').expect(200);
      const [row] = await t.db.query(`SELECT tacit_accept_at FROM service_request WHERE id = $1`, [id]);
      expect(await worker.get(SlaTimers).fire('tacit', { requestId: id, at: row.tacit_accept_at.toISOString() })).toBe(false);
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM request_event WHERE request_id = $1 AND type = 'request.tacitly_accepted'`,
        [id],
      );
      expect(n).toBe(0);
    });

    it('publishes per procedure the share of decisions within the legal delay and the tacit acceptances', async () => {
      // A third one decided after its legal deadline (its receipt said yesterday).
      const { id } = await file('LAW_SILENT');
      await t.db.query(`UPDATE receipt SET legal_deadline = now() - interval '1 day' WHERE request_id = $1`, [id]);
      await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent)).expect(200);
      await move(t, agent, id, 'approved').expect(200);
      const page = await t.http.get('/api/v1/transparency').expect(200);
      const silent = page.body.procedures.find((p: { procedureCode: string }) => p.procedureCode === 'LAW_SILENT');
      expect(silent).toMatchObject({ tacitAcceptances: 1, withinLegalDelayRate: 0.6667 });
    });
  });
});
