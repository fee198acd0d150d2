import { execFileSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { bearer, createTestApp, eventually, TestApp } from '../../support/app';
import { citizenWithTokens, move, RESIDENCE_FORM, submit } from '../requests/helpers';
import { startWorker } from '../../support/worker';

/** Renders the PDF's first page with poppler's pdftoppm and decodes the QR code on it. */
function qrOf(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'cert-'));
  writeFileSync(join(dir, 'c.pdf'), pdf);
  execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', join(dir, 'c.pdf'), join(dir, 'page')]);
  const png = PNG.sync.read(readFileSync(join(dir, 'page.png')));
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!code) throw new Error('no QR code found on the certificate');
  return code.data;
}

/**
 * The Arabic line naming who asked for the paper, as pdftotext reads it (visual order, so the
 * label, the name and the capacity are checked as parts of one line, without bidi marks).
 */
function requesterLineAr(text: string): string | undefined {
  return text
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .split('\n')
    .find((l) => l.includes('بطلب من'));
}

/** The PDF's text, as poppler's pdftotext reads it. */
function textOf(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'cert-'));
  writeFileSync(join(dir, 'c.pdf'), pdf);
  return execFileSync('pdftotext', [join(dir, 'c.pdf'), '-']).toString('utf8');
}

describe('certificates', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let agent: string;
  let supervisor: string;

  beforeAll(async () => {
    t = await createTestApp();
    worker = await startWorker();
    agent = await t.token('agent1');
    supervisor = await t.token('supervisor');
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  /** The certificate PDF of a request, as its owner (or proxy) downloads it. */
  async function pdfOf(token: string, requestId: string): Promise<Buffer> {
    const res = await t.http
      .get(`/api/v1/requests/${requestId}/certificate`)
      .set(bearer(token))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (x: Buffer) => chunks.push(x)).on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return res.body as Buffer;
  }

  async function approvedResidence() {
    const c = await citizenWithTokens(t);
    const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    await t.http.post(`/api/v1/requests/${r.body.id}/claim`).set(bearer(agent)).expect(200);
    await move(t, agent, r.body.id, 'approved').expect(200);
    const ready = await eventually(async () => {
      const res = await t.http.get(`/api/v1/requests/${r.body.id}`).set(bearer(c.web)).expect(200);
      return res.body.state === 'ready_for_pickup' && res.body;
    }, 45_000);
    return { citizen: c, request: ready };
  }

  it('issues on approval: a PDF whose QR code holds a signature that verifies with the published key', async () => {
    const { citizen, request } = await approvedResidence();
    expect(request.certificateNumber).toMatch(/^BRK5-\d{4}-C-\d{6}$/);
    const first = await t.http
      .get(`/api/v1/requests/${request.id}/certificate`)
      .set(bearer(citizen.web))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    expect(first.headers['cache-control']).toBe('no-store'); // never kept by a kiosk's or shared computer's browser
    const pdf = first.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    // One date format on the paper: the form's "résident depuis" as dd/MM/yyyy like the others.
    const text = textOf(pdf);
    expect(text).toContain('01/09/2015');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // The Arabic column names the neighbourhood in Arabic, the French one in French.
    const [nb] = await t.db.query(
      `SELECT n.name_fr, n.name_ar FROM citizen c JOIN neighbourhood n ON n.id = c.neighbourhood_id WHERE c.cin = $1`,
      [citizen.cin],
    );
    expect(text).toContain(nb.name_fr);
    expect(text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')).toContain(nb.name_ar);
    // The agent who handled it, in French in the French column and as recorded in Arabic in the Arabic one.
    const [who] = await t.db.query(`SELECT full_name, full_name_ar FROM staff WHERE username = 'agent1'`);
    expect(who.full_name_ar).toBeTruthy();
    expect(text).toContain(`Traité par : ${who.full_name}`);
    expect(text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')).toContain(who.full_name_ar);

    // The QR opens the verification page and carries the signed claims as a compact JWS (EdDSA, kid).
    const url = new URL(qrOf(pdf));
    expect(url.pathname).toBe(`/verify/${request.certificateNumber}`);
    const token = url.hash.slice(1);
    const [h, p, sig] = token.split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url').toString());
    const keys = await t.http.get('/api/v1/verify/keys').expect(200);
    expect(header).toEqual({ alg: 'EdDSA', kid: keys.body.keys[0].kid });

    // Offline: only the published JWK and node's crypto, no call to the register.
    const jwk = keys.body.keys.find((k: { kid: string }) => k.kid === header.kid);
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    expect(verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(sig, 'base64url'))).toBe(true);
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    expect(claims).toMatchObject({ n: request.certificateNumber, p: 'RESIDENCE' });
    expect(claims.h).toMatch(/^[A-Z]{2}\*+\d\d$/);
    expect(claims.d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(claims)).not.toContain(citizen.cin);
    // A tampered payload fails.
    const tampered = Buffer.from(JSON.stringify({ ...claims, h: 'ZZ****00' })).toString('base64url');
    expect(verify(null, Buffer.from(`${h}.${tampered}`), key, Buffer.from(sig, 'base64url'))).toBe(false);

    // Online: the register agrees with the token, and knows about revocation.
    const verified = await t.http.get(`/api/v1/verify/${request.certificateNumber}`).query({ t: token }).expect(200);
    expect(verified.body).toMatchObject({
      status: 'valid',
      signatureValid: true,
      procedureCode: 'RESIDENCE',
      holder: claims.h,
      issueDate: claims.d,
      validUntil: claims.v,
    });
    expect(JSON.stringify(verified.body)).not.toContain(citizen.cin);
    // A forged token or legacy signature is "not authentic", and shows nothing of the paper.
    for (const query of [{ t: `${h}.${tampered}.${sig}` }, { s: `${sig.slice(0, -4)}AAAA` }]) {
      const forged = await t.http.get(`/api/v1/verify/${request.certificateNumber}`).query(query).expect(200);
      expect(forged.body).toEqual({ number: request.certificateNumber, status: 'not_authentic', signatureValid: false });
    }
    await t.http
      .get(`/api/v1/verify/${request.certificateNumber}`)
      .query({ t: 'not-a-token' })
      .expect(400)
      .expect((r) => expect(r.body.errors[0].field).toBe('t'));

    // The same bytes on a second download; another citizen cannot have it.
    const second = await t.http
      .get(`/api/v1/requests/${request.id}/certificate`)
      .set(bearer(agent))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(second.body as Buffer, pdf)).toBe(0);
    const other = await citizenWithTokens(t);
    await t.http.get(`/api/v1/requests/${request.id}/certificate`).set(bearer(other.web)).expect(404);
  });

  it("is the child's own paper when filed for a minor child: their name, birth date and birth record", async () => {
    const c = await citizenWithTokens(t);
    const child = {
      firstName: 'Rayane',
      lastName: 'Bennani',
      firstNameAr: 'ريان',
      lastNameAr: 'بناني',
      birthDate: '2014-07-09',
      birthRecordRef: `${Date.now() % 100000}/2014`,
    };
    const d = await t.http.post('/api/v1/me/dependents').set(bearer(c.web)).send(child).expect(201);
    await t.http.post(`/api/v1/dependents/${d.body.id}/confirm`).set(bearer(agent)).send({ bookletRef: 'LF-4411' }).expect(200);
    const r = await submit(t, c.web, {
      procedureCode: 'RESIDENCE',
      form: RESIDENCE_FORM,
      beneficiary: { kind: 'dependent', id: d.body.id },
    }).expect(201);
    await t.http.post(`/api/v1/requests/${r.body.id}/claim`).set(bearer(agent)).expect(200);
    await move(t, agent, r.body.id, 'approved').expect(200);
    await eventually(
      async () => (await t.http.get(`/api/v1/requests/${r.body.id}`).set(bearer(c.web)).expect(200)).body.state === 'ready_for_pickup',
      45_000,
    );
    const res = await t.http
      .get(`/api/v1/requests/${r.body.id}/certificate`)
      .set(bearer(c.web))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (x: Buffer) => chunks.push(x)).on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const text = textOf(res.body as Buffer);
    expect(text).toContain('Rayane Bennani');
    expect(text).toContain('09/07/2014');
    expect(text).toContain(`Acte de naissance n° : ${child.birthRecordRef}`);
    expect(text).not.toContain(c.cin);
    // Asked for by the parent: named with their capacity, in French and Arabic.
    expect(text.replace(/\s+/g, ' ')).toContain('À la demande de : Test Citoyen (père)');
    expect(requesterLineAr(text)).toEqual(expect.stringMatching(/(?=.*اختبار مواطن)(?=.*الأب)/));
  });

  it('names the proxy as mandataire on the paper of a request filed under a mandate (fr, ar); the holder is the mandator', async () => {
    const mandator = await citizenWithTokens(t);
    const proxy = await citizenWithTokens(t);
    await t.db.query(
      `UPDATE citizen SET first_name = 'Nadia', last_name = 'Idrissi', first_name_ar = 'نادية', last_name_ar = 'الإدريسي', sex = 'F' WHERE id = $1`,
      [proxy.id],
    );
    await t.http
      .post('/api/v1/mandates')
      .set(bearer(agent))
      .send({
        mandatorId: mandator.id,
        proxyCin: proxy.cin,
        procedures: ['RESIDENCE'],
        validUntil: new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10),
        paperRef: 'LEG-88',
      })
      .expect(201);
    const r = await submit(t, proxy.web, {
      procedureCode: 'RESIDENCE',
      form: RESIDENCE_FORM,
      beneficiary: { kind: 'mandator', id: mandator.id },
    }).expect(201);
    await t.http.post(`/api/v1/requests/${r.body.id}/claim`).set(bearer(agent)).expect(200);
    await move(t, agent, r.body.id, 'approved').expect(200);
    await eventually(
      async () => (await t.http.get(`/api/v1/requests/${r.body.id}`).set(bearer(proxy.web)).expect(200)).body.state === 'ready_for_pickup',
      45_000,
    );
    const text = textOf(await pdfOf(proxy.web, r.body.id));
    expect(text).toContain(`CIN : ${mandator.cin}`);
    expect(text.replace(/\s+/g, ' ')).toContain('À la demande de : Nadia Idrissi (mandataire)');
    expect(requesterLineAr(text)).toEqual(expect.stringMatching(/(?=.*نادية الإدريسي)(?=.*الوكيل)/));
    // A request for oneself names no one else.
    const { citizen, request } = await approvedResidence();
    expect(textOf(await pdfOf(citizen.web, request.id))).not.toContain('À la demande de');
  });

  it("is headed in Tifinagh too: the kingdom and ministry, the annex's Tamazight name and the procedure's, in a Tifinagh font", async () => {
    await t.db.query(`UPDATE annex SET name_zgh = 'ⵜⴰⵎⵏⵣⴰⵢⵜ ⵜⴰⵏⵖⴰⵡⴰⵙⵜ 5' WHERE code = 'BRK5'`);
    await t.db.query(`UPDATE procedure_version SET name = name || '{"zgh": "ⴰⵙⵍⴽⵉⵏ ⵏ ⵓⵣⴷⴰⵖ"}' WHERE procedure_code = 'RESIDENCE'`);
    try {
      const { citizen, request } = await approvedResidence();
      const res = await t.http
        .get(`/api/v1/requests/${request.id}/certificate`)
        .set(bearer(citizen.web))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c)).on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const pdf = res.body as Buffer;
      const text = textOf(pdf);
      expect(text).toMatch(/[\u2D30-\u2D7F]/);
      for (const zgh of ['ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ', 'ⵜⴰⵎⴰⵡⴰⵙⵜ ⵏ ⵓⴳⵏⵙⵓ', 'ⵜⴰⵎⵏⵣⴰⵢⵜ ⵜⴰⵏⵖⴰⵡⴰⵙⵜ 5', 'ⴰⵙⵍⴽⵉⵏ ⵏ ⵓⵣⴷⴰⵖ']) expect(text).toContain(zgh);
      // Beside the Arabic and French, not instead of them.
      expect(text).toContain('Certificat de résidence');
      expect(text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')).toContain('وزارة الداخلية');
      const dir = mkdtempSync(join(tmpdir(), 'cert-'));
      writeFileSync(join(dir, 'c.pdf'), pdf);
      expect(execFileSync('pdffonts', [join(dir, 'c.pdf')]).toString('utf8')).toMatch(/\+NotoSansTifinagh-Regular\s+CID TrueType/);
    } finally {
      await t.db.query(`UPDATE annex SET name_zgh = NULL WHERE code = 'BRK5'`);
      await t.db.query(`UPDATE procedure_version SET name = name - 'zgh' WHERE procedure_code = 'RESIDENCE'`);
    }
  });

  it('says revoked, expired or unknown; reissue gives a new number and revokes the old', async () => {
    const { request } = await approvedResidence();
    const number = request.certificateNumber;
    await t.http.post(`/api/v1/certificates/${number}/revoke`).set(bearer(agent)).send({ reason: 'Erreur de saisie' }).expect(403);
    const reissued = await t.http
      .post(`/api/v1/certificates/${number}/reissue`)
      .set(bearer(supervisor))
      .send({ reason: 'Document perdu' })
      .expect(200);
    expect(reissued.body).toMatchObject({ replaces: number, status: 'pending' });
    // A reissued paper is "replaced", naming its replacement.
    expect((await t.http.get(`/api/v1/verify/${number}`).expect(200)).body).toMatchObject({
      status: 'replaced',
      replacedBy: reissued.body.number,
    });
    await eventually(async () => (await t.http.get(`/api/v1/verify/${reissued.body.number}`).expect(200)).body.status === 'valid', 45_000);
    const record = await t.http.get(`/api/v1/certificates/${number}`).set(bearer(agent)).expect(200);
    expect(record.body).toMatchObject({ status: 'revoked', revokeReason: 'Document perdu', replacedBy: reissued.body.number });
    const events = await t.http.get(`/api/v1/requests/${request.id}/events`).set(bearer(agent)).expect(200);
    const types = (events.body.items ?? events.body).map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['certificate.revoked', 'certificate.reissued']));

    await t.db.query(`UPDATE certificate SET claims = jsonb_set(claims, '{v}', '"2020-01-01"') WHERE number = $1`, [reissued.body.number]);
    expect((await t.http.get(`/api/v1/verify/${reissued.body.number}`).expect(200)).body.status).toBe('expired');
    expect((await t.http.get('/api/v1/verify/BRK5-2026-C-999999').expect(200)).body).toEqual({
      number: 'BRK5-2026-C-999999',
      status: 'unknown',
      signatureValid: null,
    });
    // Revoked without a replacement.
    await t.http.post(`/api/v1/certificates/${reissued.body.number}/revoke`).set(bearer(supervisor)).send({ reason: 'Fraude' }).expect(200);
    expect((await t.http.get(`/api/v1/verify/${reissued.body.number}`).expect(200)).body.status).toBe('revoked');
  });

  it('records the hand-over at the counter', async () => {
    const { request } = await approvedResidence();
    await move(t, agent, request.id, 'delivered').expect(200);
    const record = await t.http.get(`/api/v1/certificates/${request.certificateNumber}`).set(bearer(agent)).expect(200);
    expect(record.body.deliveredAt).not.toBeNull();
    const [{ id: agentId }] = await t.db.query(`SELECT id FROM staff WHERE username = 'agent1'`);
    expect(record.body.deliveredBy).toBe(agentId);
  });
});
