import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { bearer, createTestApp, eventually, TestApp } from '../../support/app';
import { newCin, newCitizen, newPhone } from '../../support/factories';
import { move, submit } from '../requests/helpers';
import { totpCode } from '../../support/second-factor';
import { startWorker } from '../../support/worker';

const RESIDENCE_FORM = { purpose: 'bank', addressLine: '7 rue Al Amal, Oujda', residenceSince: '2019-05-01' };

const PASSWORD = 'Kx9!mTr42pLq-annexe';
const textOf = (pdf: Buffer): string => {
  const dir = mkdtempSync(join(tmpdir(), 'cert-'));
  writeFileSync(join(dir, 'c.pdf'), pdf);
  // Without the bidi marks poppler puts around Arabic runs.
  return execFileSync('pdftotext', [join(dir, 'c.pdf'), '-'])
    .toString('utf8')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
};

/** The second annex, as a province admin would type it (nothing of it exists before this file). */
const code = `OJ${String(Date.now()).slice(-4)}`;
const IDENTITY = {
  code,
  nameAr: 'الملحقة الإدارية الثالثة',
  nameFr: 'Annexe administrative Al Massira',
  nameZgh: 'ⵜⴰⵎⵙⵙⵉⵔⴰ',
  province: "Préfecture d'Oujda-Angad",
  provinceAr: 'عمالة وجدة أنجاد',
  pachalik: "Pachalik d'Oujda",
  pachalikAr: 'باشوية وجدة',
  cityFr: 'Oujda',
  cityAr: 'وجدة',
  address: '4 rue Al Massira, Oujda',
  addressAr: '4 زنقة المسيرة، وجدة',
  phone: '+212536700000',
  signatoryTitleFr: "Le Caïd de l'annexe Al Massira",
  signatoryTitleAr: 'قائد ملحقة المسيرة',
};

describe('annexes: a province admin onboards a second annex through the API only', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let smtp: SMTPServer;
  const mails: ParsedMail[] = [];
  const smsFile = join(mkdtempSync(join(tmpdir(), 'sms-')), 'sms.jsonl');
  const sms = (): { to: string; text: string; template: string }[] =>
    existsSync(smsFile)
      ? readFileSync(smsFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _s, done) {
        simpleParser(stream).then((m) => (mails.push(m), done()), done);
      },
    });
    await new Promise<void>((ok) => smtp.listen(0, '127.0.0.1', ok));
    Object.assign(process.env, {
      SMS_PROVIDER: 'file',
      SMS_FILE: smsFile,
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`,
    });
    t = await createTestApp();
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await new Promise<void>((ok) => smtp.close(ok));
    delete process.env.SMTP_URL;
  });

  /** Set by the first test: the annex it opened, its staff's tokens and a neighbourhood of it. */
  const shared: { id?: string; people: Record<string, string>; neighbourhoodId?: string } = { people: {} };

  /** A supervisor sets up the second factor the role requires at first sign-in (as the agent app walks them through it). */
  async function withSecondFactor(username: string): Promise<string> {
    const first = (await t.http.post('/api/v1/auth/login').send({ login: username, password: PASSWORD }).expect(200)).body;
    const setup = (await t.http.post('/api/v1/me/mfa/totp').set(bearer(first.accessToken)).expect(201)).body;
    await t.http
      .post('/api/v1/me/mfa/totp/confirm')
      .set(bearer(first.accessToken))
      .send({ code: totpCode(setup.secret) })
      .expect(200);
    return (await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body.accessToken;
  }

  it('creates, describes, staffs and opens the annex; its citizen gets papers and messages in its name only', async () => {
    const province = await t.token('province');
    const brkAdmin = await t.token('admin');

    // Only a province-wide admin creates an annex; bad input names the field; the code is unique.
    await t.http.post('/api/v1/annexes').set(bearer(brkAdmin)).send(IDENTITY).expect(403);
    const bad = await t.http
      .post('/api/v1/annexes')
      .set(bearer(province))
      .send({ ...IDENTITY, openingHours: { mon: ['16:30', '08:30'] } })
      .expect(400);
    expect(bad.body.errors[0].field).toBe('openingHours.mon');
    const created = await t.http.post('/api/v1/annexes').set(bearer(province)).send(IDENTITY).expect(201);
    const id: string = created.body.id;
    expect(created.body).toMatchObject({ code, status: 'draft', openedAt: null, nameZgh: IDENTITY.nameZgh });
    await t.http
      .post('/api/v1/annexes')
      .set(bearer(province))
      .send(IDENTITY)
      .expect(409)
      .expect((r) => expect(r.body.errors[0].field).toBe('code'));

    // Not ready: the checklist says what is missing, and opening is refused.
    const before = await t.http.get(`/api/v1/annexes/${id}/checklist`).set(bearer(province)).expect(200);
    expect(before.body.ready).toBe(false);
    expect(before.body.items.filter((i: { done: boolean }) => !i.done).map((i: { key: string }) => i.key)).toEqual([
      'openingHours',
      'neighbourhoods',
      'counters',
      'staff',
      'devices',
    ]);
    await t.http.post(`/api/v1/annexes/${id}/open`).set(bearer(province)).expect(409);

    // Hours, a local holiday, a disabled procedure.
    const hours = {
      mon: ['08:00', '16:00'],
      tue: ['08:00', '16:00'],
      wed: ['08:00', '16:00'],
      thu: ['08:00', '16:00'],
      fri: ['08:00', '16:00'],
    };
    await t.http
      .patch(`/api/v1/annexes/${id}`)
      .set(bearer(province))
      .send({ openingHours: hours, disabledProcedures: ['FIREARM'] })
      .expect(200);
    await t.http
      .patch(`/api/v1/annexes/${id}`)
      .set(bearer(province))
      .send({ disabledProcedures: ['NOPE'] })
      .expect(400)
      .expect((r) => expect(r.body.errors[0].field).toBe('disabledProcedures'));
    // The guide, asked for this annex, leaves the disabled procedure out.
    const offered = await t.http.get('/api/v1/procedures').query({ annex: code, limit: 50 }).expect(200);
    expect(offered.body.items.map((p: { code: string }) => p.code)).not.toContain('FIREARM');
    const everywhere = await t.http.get('/api/v1/procedures').query({ limit: 50 }).expect(200);
    expect(everywhere.body.items.map((p: { code: string }) => p.code)).toContain('FIREARM');
    const holiday = await t.http
      .post('/api/v1/holidays')
      .set(bearer(province))
      .send({ monthDay: '04-17', nameAr: 'موسم محلي', nameFr: 'Moussem local', annexId: id })
      .expect(201);
    expect(holiday.body.annexOnly).toBe(true);

    // Neighbourhoods from CSV: a bad line is named, then the file goes in.
    const badCsv = await t.http
      .post(`/api/v1/annexes/${id}/neighbourhoods`)
      .set(bearer(province))
      .send({ csv: 'code,nameAr,nameFr\nhay amal,حي,x' })
      .expect(400);
    expect(badCsv.body.errors[0]).toMatchObject({ field: 'csv' });
    expect(badCsv.body.errors[0].message).toContain('line 2');
    const csv = 'code,nameAr,nameFr\nHAY-AMAL,حي الأمل,Hay Al Amal\n"LAZARET","حي لازاري","Lazaret, secteur 2"\n';
    await t.http
      .post(`/api/v1/annexes/${id}/neighbourhoods`)
      .set(bearer(province))
      .send({ csv })
      .expect(200)
      .expect((r) => expect(r.body).toEqual({ imported: 2, total: 2 }));
    const nbs = await t.http.get('/api/v1/neighbourhoods').query({ annex: code }).expect(200);
    expect(nbs.body.items.map((n: { nameFr: string }) => n.nameFr)).toEqual(['Hay Al Amal', 'Lazaret, secteur 2']);

    // Counters and their service groups; staff and devices are staff accounts of the annex.
    await t.http
      .put(`/api/v1/annexes/${id}/counters`)
      .set(bearer(province))
      .send({ number: 1, groups: ['A', 'C'] })
      .expect(200);
    await t.http
      .put(`/api/v1/annexes/${id}/counters`)
      .set(bearer(province))
      .send({ number: 2, label: 'Dossiers', groups: ['B'] })
      .expect(200);
    const people: Record<string, string> = {};
    for (const role of ['agent', 'supervisor', 'reception', 'display', 'kiosk']) {
      const username = `${code.toLowerCase()}-${role}`;
      await t.http
        .post('/api/v1/staff')
        .set(bearer(province))
        .send({ username, fullName: `${role} ${code}`, role, password: PASSWORD, annexId: id })
        .expect(201);
      people[role] = role === 'supervisor' ? await withSecondFactor(username) : await t.token(username, PASSWORD);
    }
    const ready = await t.http.get(`/api/v1/annexes/${id}/checklist`).set(bearer(province)).expect(200);
    expect(ready.body).toMatchObject({ ready: true, status: 'draft' });

    // A resident, registered at its reception; nothing is filed before the annex opens.
    const [nb] = nbs.body.items;
    Object.assign(shared, { id, people, neighbourhoodId: nbs.body.items[1].id });
    const cin = newCin();
    const email = `${cin.toLowerCase()}@example.ma`;
    const citizen = await t.http
      .post('/api/v1/citizens')
      .set(bearer(people.reception))
      .send({
        cin,
        firstName: 'Nadia',
        lastName: 'Alaoui',
        firstNameAr: 'نادية',
        lastNameAr: 'العلوي',
        birthDate: '1988-02-03',
        sex: 'F',
        phone: newPhone(),
        email,
        neighbourhoodId: nb.id,
        addressLine: '7 rue Al Amal',
        preferredLanguage: 'fr',
        preferredChannel: 'both',
      })
      .expect(201);
    await submit(t, people.reception, { procedureCode: 'RESIDENCE', citizenId: citizen.body.id, form: RESIDENCE_FORM }).expect(409);
    const opened = await t.http.post(`/api/v1/annexes/${id}/open`).set(bearer(province)).expect(200);
    expect(opened.body.status).toBe('open');
    await submit(t, people.reception, { procedureCode: 'FIREARM', citizenId: citizen.body.id, form: {} })
      .expect(400)
      .expect((r) => expect(r.body.errors[0]).toMatchObject({ field: 'procedureCode', reason: 'notOffered' }));

    const filed = await submit(t, people.reception, {
      procedureCode: 'RESIDENCE',
      citizenId: citizen.body.id,
      form: RESIDENCE_FORM,
    }).expect(201);
    expect(filed.body.trackingCode).toMatch(new RegExp(`^${code}-\\d{4}-\\d{6}$`));
    await t.http.post(`/api/v1/requests/${filed.body.id}/claim`).set(bearer(people.agent)).expect(200);
    await move(t, people.agent, filed.body.id, 'approved').expect(200);
    const done = await eventually(async () => {
      const r = await t.http.get(`/api/v1/requests/${filed.body.id}`).set(bearer(people.agent)).expect(200);
      return r.body.state === 'ready_for_pickup' && r.body;
    }, 45_000);
    expect(done.certificateNumber).toMatch(new RegExp(`^${code}-`));

    // The paper: this annex's province, pachalik, names, city and signatory; nothing of the demo annex.
    const pdf = await t.http
      .get(`/api/v1/requests/${filed.body.id}/certificate`)
      .set(bearer(people.agent))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const text = textOf(pdf.body as Buffer);
    // A long name may wrap onto a second line of its column: compared with the line breaks as spaces.
    const flat = text.replace(/\s+/g, ' ');
    for (const s of [IDENTITY.province, IDENTITY.pachalik, IDENTITY.nameFr, 'Fait à Oujda', IDENTITY.signatoryTitleFr])
      expect(flat).toContain(s);
    // pdftotext may split an Arabic word where the shaping joins change: compared without spaces.
    const bare = (s: string) => s.replace(/\s+/g, '');
    for (const s of [IDENTITY.provinceAr, IDENTITY.pachalikAr, IDENTITY.nameAr, IDENTITY.signatoryTitleAr, 'حرر بوجدة'])
      expect(bare(text)).toContain(bare(s));
    expect(text).not.toMatch(/Berkane|بركان|n°5/);
    // The public verification names the issuing annex.
    const verified = await t.http.get(`/api/v1/verify/${done.certificateNumber}`).expect(200);
    expect(verified.body).toMatchObject({
      status: 'valid',
      issuedBy: { code, nameFr: IDENTITY.nameFr, nameAr: IDENTITY.nameAr, province: IDENTITY.province },
    });

    // The SMS and the email: this annex's name, address and hours; nothing of the demo annex.
    const phone = citizen.body.phone;
    const ready4pickup = await eventually(async () => sms().find((m) => m.to === phone && m.template === 'request.ready_for_pickup'));
    const received = sms().find((m) => m.to === phone && m.template === 'request.received')!;
    expect(received.text.startsWith('Annexe administrative Al Massira : ')).toBe(true);
    expect(ready4pickup.text).toContain('lun-ven 08:00-16:00');
    const mail = await eventually(async () =>
      mails.find((m) => m.to && JSON.stringify(m.to).includes(email) && m.subject?.includes('prêt')),
    );
    expect(mail.html).toContain(IDENTITY.nameFr);
    expect(mail.text).toContain(IDENTITY.address);
    for (const m of [received.text, ready4pickup.text, mail.text ?? '', String(mail.html)])
      expect(m).not.toMatch(/Berkane|بركان|Annexe 5|n°5/);

    // Isolation: the demo annex's staff see nothing of it, and its staff nothing of the demo annex.
    await t.http
      .get(`/api/v1/requests/${filed.body.id}`)
      .set(bearer(await t.token('agent1')))
      .expect(404);
    await t.http
      .get(`/api/v1/citizens/${citizen.body.id}`)
      .set(bearer(await t.token('supervisor')))
      .query({ reason: 'check' })
      .expect(404);
    const queue = await t.http.get('/api/v1/requests').set(bearer(people.supervisor)).expect(200);
    expect(queue.body.items.map((r: { trackingCode: string }) => r.trackingCode.split('-')[0])).toEqual([code]);
    const search = await t.http.get('/api/v1/citizens').query({ q: 'BK123456' }).set(bearer(people.reception)).expect(200);
    expect(search.body.items).toEqual([]);
    await t.http.get(`/api/v1/annexes/${id}`).set(bearer(brkAdmin)).expect(404);
    await t.http.patch(`/api/v1/annexes/${id}`).set(bearer(brkAdmin)).send({ phone: '+212536000001' }).expect(404);

    // The display device reads its annex's name for the screen title.
    const own = await t.http.get('/api/v1/annexes').set(bearer(people.display)).expect(200);
    expect(own.body.items.map((a: { nameFr: string }) => a.nameFr)).toEqual([IDENTITY.nameFr]);

    // Province view: every annex side by side; an annex's own staff see theirs only.
    const all = await t.http.get('/api/v1/annexes').set(bearer(province)).expect(200);
    expect(all.body.items.map((a: { code: string }) => a.code)).toEqual(expect.arrayContaining(['BRK5', code]));
    const mine = await t.http.get('/api/v1/annexes').set(bearer(brkAdmin)).expect(200);
    expect(mine.body.items.map((a: { code: string }) => a.code)).toEqual(['BRK5']);
    await t.db.query(`REFRESH MATERIALIZED VIEW processing_daily`); // what the periodic refresh does
    const view = await t.http.get('/api/v1/metrics/annexes').set(bearer(province)).expect(200);
    const figures = (b: { annexes: { code: string }[] }) => Object.fromEntries(b.annexes.map((a) => [a.code, a]));
    // One resident and one decided request: small cells, published as nothing rather than as 1.
    expect(figures(view.body)[code]).toMatchObject({
      nameFr: IDENTITY.nameFr,
      decided: null,
      medianMinutes: null,
      residents: null,
      backlog: 1,
      overdue: 0,
    });
    expect(figures(view.body).BRK5).toBeDefined();
    const theirs = await t.http.get('/api/v1/metrics/annexes').set(bearer(people.supervisor)).expect(200);
    expect(theirs.body.annexes.map((a: { code: string }) => a.code)).toEqual([code]);
    const published = await t.http.get('/api/v1/transparency').expect(200);
    expect(figures(published.body)[code]).toEqual(figures(view.body)[code]);
    expect(JSON.stringify(published.body)).not.toContain(cin);
  });

  it('keeps one account for a citizen who moves there: the new annex has them, the old one keeps their requests and the residence left', async () => {
    const { people, neighbourhoodId } = shared;
    const c = await newCitizen(t.db);
    const token = await t.token(c.cin, c.password);
    const old = await submit(t, token, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    // Staff never move someone into another annex; the citizen does, to an open one.
    await t.http
      .patch(`/api/v1/citizens/${c.id}`)
      .set(bearer(await t.token('reception')))
      .send({ neighbourhoodId })
      .expect(400);
    const moved = await t.http.patch('/api/v1/me').set(bearer(token)).send({ neighbourhoodId, addressLine: '3 rue Lazaret' }).expect(200);
    expect(moved.body).toMatchObject({ neighbourhoodId, residenceTo: null });

    // The new annex's register has them; the old annex's no longer does, but its request stays there.
    await t.http.get(`/api/v1/citizens/${c.id}`).set(bearer(people.supervisor)).query({ reason: 'check' }).expect(200);
    await t.http
      .get(`/api/v1/citizens/${c.id}`)
      .set(bearer(await t.token('supervisor')))
      .query({ reason: 'check' })
      .expect(404);
    const kept = await t.http
      .get(`/api/v1/requests/${old.body.id}`)
      .set(bearer(await t.token('agent1')))
      .expect(200);
    expect(kept.body.trackingCode.startsWith('BRK5-')).toBe(true);
    await t.http.get(`/api/v1/requests/${old.body.id}`).set(bearer(people.agent)).expect(404);
    // The same account files in its new annex.
    const next = await submit(t, token, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    expect(next.body.trackingCode.startsWith(`${code}-`)).toBe(true);
    const history = await t.http.get('/api/v1/me/history').set(bearer(token)).expect(200);
    expect(history.body.items.map((h: { field: string }) => h.field)).toEqual(expect.arrayContaining(['annexId', 'neighbourhoodId']));
    const [left] = await t.db.query(`SELECT a.code FROM citizen_residence r JOIN annex a ON a.id = r.annex_id WHERE r.citizen_id = $1`, [
      c.id,
    ]);
    expect(left.code).toBe('BRK5');
  });
});
