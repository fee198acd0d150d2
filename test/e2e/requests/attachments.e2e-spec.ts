import { createHash } from 'node:crypto';
import { bearer, createTestApp, TestApp } from '../../support/app';
import { citizenWithTokens, move, RESIDENCE_FORM, submit } from './helpers';

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'),
  Buffer.alloc(300, 0x20),
  Buffer.from('%%EOF\n'),
]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 2)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 3)]);
const LIMIT = 4096;

describe('request attachments', () => {
  let t: TestApp;
  let agent: string;
  const previousLimit = process.env.UPLOAD_MAX_BYTES;
  beforeAll(async () => {
    process.env.UPLOAD_MAX_BYTES = String(LIMIT);
    t = await createTestApp();
    agent = await t.token('agent1');
  });
  afterAll(async () => {
    await t.close();
    if (previousLimit === undefined) delete process.env.UPLOAD_MAX_BYTES;
    else process.env.UPLOAD_MAX_BYTES = previousLimit;
  });

  const upload = (token: string, id: string, data: Buffer, filename: string, contentType: string, documentCode?: string) => {
    const req = t.http.post(`/api/v1/requests/${id}/attachments`).set(bearer(token));
    if (documentCode) req.field('documentCode', documentCode);
    return req.attach('file', data, { filename, contentType });
  };
  const fresh = async () => {
    const c = await citizenWithTokens(t);
    const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    return { c, id: r.body.id as string };
  };

  it('stores a PDF with its checksum; the owner and staff list and download it, another citizen gets 404', async () => {
    const { c, id } = await fresh();
    const res = await upload(c.web, id, PDF, 'facture-eau.pdf', 'application/pdf', 'PROOF_OF_ADDRESS').expect(201);
    expect(res.body).toMatchObject({
      requestId: id,
      fileName: 'facture-eau.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      documentCode: 'PROOF_OF_ADDRESS',
      uploadedByKind: 'citizen',
    });
    await upload(agent, id, JPEG, 'scan-cin.jpg', 'image/jpeg').expect(201);

    const list = await t.http.get(`/api/v1/requests/${id}/attachments`).set(bearer(c.web)).expect(200);
    expect(list.body.items.map((a: { contentType: string }) => a.contentType)).toEqual(['application/pdf', 'image/jpeg']);
    for (const token of [c.web, agent]) {
      const file = await t.http
        .get(`/api/v1/requests/${id}/attachments/${res.body.id}`)
        .set(bearer(token))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (d: Buffer) => chunks.push(d));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['content-disposition']).toContain('facture-eau.pdf');
      expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
    }
    const other = await citizenWithTokens(t);
    await t.http.get(`/api/v1/requests/${id}/attachments/${res.body.id}`).set(bearer(other.web)).expect(404);
    await upload(other.web, id, PDF, 'x.pdf', 'application/pdf').expect(404);
    await t.http.get(`/api/v1/requests/${id}/attachments/${res.body.id}`).expect(401);
    const events = await t.http.get(`/api/v1/requests/${id}/events`).set(bearer(c.web)).expect(200);
    expect(events.body.items.filter((e: { type: string }) => e.type === 'attachment.added')).toHaveLength(2);
  });

  it('refuses spoofed types: a .pdf name with PNG or executable bytes, whatever the declared mime type', async () => {
    const { c, id } = await fresh();
    const png = await upload(c.web, id, PNG, 'releve.pdf', 'application/pdf').expect(415);
    expect(png.body.errors[0]).toMatchObject({ field: 'file', reason: 'fileType' });
    await upload(c.web, id, EXE, 'releve.pdf', 'application/pdf').expect(415);
    await upload(c.web, id, PDF, 'virus.exe', 'application/pdf').expect(415);
    await upload(c.web, id, Buffer.from('plain text, not a document'), 'note.png', 'image/png').expect(415);
    const declared = await upload(c.web, id, PNG, 'scan.png', 'application/pdf').expect(415);
    expect(declared.body.errors[0]).toMatchObject({ field: 'file', reason: 'fileType', message: expect.stringMatching(/declared type/) });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM request_attachment WHERE request_id = $1`, [id]);
    expect(n).toBe(0);
    await upload(c.web, id, PNG, 'photo.png', 'application/octet-stream').expect(201);
  });

  it('refuses a file over UPLOAD_MAX_BYTES (413) and a body that is not multipart (415)', async () => {
    const { c, id } = await fresh();
    const big = Buffer.concat([PDF, Buffer.alloc(LIMIT, 0x20)]);
    const res = await upload(c.web, id, big, 'big.pdf', 'application/pdf').expect(413);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    await t.http.post(`/api/v1/requests/${id}/attachments`).set(bearer(c.web)).send({ file: 'x' }).expect(415);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM request_attachment WHERE request_id = $1`, [id]);
    expect(n).toBe(0);
  });

  it('takes a request waiting for information back into review when the citizen attaches a document', async () => {
    const { c, id } = await fresh();
    await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(agent)).expect(200);
    await move(t, agent, id, 'needs_info', { reason: 'Ajoutez une facture' }).expect(200);
    await upload(c.web, id, PDF, 'facture.pdf', 'application/pdf').expect(201);
    const r = await t.http.get(`/api/v1/requests/${id}`).set(bearer(c.web)).expect(200);
    expect(r.body.state).toBe('in_review');
    const events = await t.http.get(`/api/v1/requests/${id}/events`).set(bearer(agent)).expect(200);
    expect(events.body.items.slice(-2)).toEqual([
      expect.objectContaining({ type: 'attachment.added', actorKind: 'citizen' }),
      expect.objectContaining({ type: 'request.state_changed', fromState: 'needs_info', toState: 'in_review' }),
    ]);
  });

  it('refuses documents on a closed request (409)', async () => {
    const { c, id } = await fresh();
    await move(t, c.web, id, 'cancelled').expect(200);
    const res = await upload(c.web, id, PDF, 'late.pdf', 'application/pdf').expect(409);
    expect(res.body.currentState).toBe('cancelled');
  });
});
