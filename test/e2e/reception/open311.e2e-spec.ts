import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { SaxesParser } from 'saxes';
import { bearer, createTestApp, TestApp } from '../../support/app';
import { demoAnnexId } from '../../support/factories';

/** The public GeoReport v2 JSON Schemas (open311/schema-validation), vendored with their licence. */
const SCHEMAS = join(__dirname, '..', '..', 'fixtures', 'open311', 'georeport-v2');
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
for (const name of ['request', 'requests', 'service', 'services', 'service-definition'])
  ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, `${name}.json`), 'utf8')), `${name}.json`);

function expectValid(schema: string, body: unknown): void {
  const validate = ajv.getSchema(schema)!;
  const ok = validate(body);
  if (!ok) throw new Error(`${schema}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 500)}`);
}

interface XmlNode {
  name: string;
  text: string;
  children: XmlNode[];
}

/** A strict XML 1.0 parse (saxes refuses any malformed document, invalid character included). */
function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: false });
  const stack: XmlNode[] = [{ name: '#document', text: '', children: [] }];
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const node = { name: tag.name, text: '', children: [] };
    stack[stack.length - 1].children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    stack[stack.length - 1].text += t;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  return stack[0].children[0];
}

const child = (n: XmlNode, name: string) => n.children.find((c) => c.name === name);

describe('Open311 GeoReport v2', () => {
  let t: TestApp;
  let apiKey: string;
  let staff: string;
  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.token('admin');
    staff = await t.token('supervisor');
    apiKey = (
      await t.http
        .post('/api/v1/partners')
        .set(bearer(admin))
        .send({ name: 'FixMyStreet Berkane', scopes: ['dossiers:update'] })
        .expect(201)
    ).body.apiKey;
  });
  afterAll(async () => t.close());

  // Filed with the filer's consent to publication (law 09-08): without it nothing is listed.
  const post = (body: Record<string, unknown>, format = 'json') =>
    t.http
      .post(`/open311/v2/requests.${format}`)
      .type('form')
      .send({ api_key: apiKey, 'attribute[public]': 'true', ...body });
  const file = async (body: Record<string, unknown>): Promise<string> => {
    const res = await post({
      service_code: 'observation',
      description: 'Lampadaire en panne rue Al Qods depuis une semaine.',
      ...body,
    }).expect(201);
    return res.body[0].service_request_id;
  };

  it('publishes a discovery document naming the endpoint, its formats and how to get a key', async () => {
    const json = await t.http.get('/open311/discovery.json').expect(200);
    expect(json.body).toMatchObject({
      changeset: expect.any(String),
      contact: expect.any(String),
      key_service: expect.stringContaining('api_key'),
    });
    expect(json.body.endpoints).toEqual([
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: expect.stringMatching(/^https?:\/\/.+\/open311\/v2$/),
        changeset: json.body.changeset,
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ]);
    const xml = parseXml(
      (
        await t.http
          .get('/open311/discovery.xml')
          .expect(200)
          .expect('content-type', /text\/xml/)
      ).text,
    );
    expect(xml.name).toBe('discovery');
    expect(child(child(child(xml, 'endpoints')!, 'endpoint')!, 'specification')!.text).toBe('http://wiki.open311.org/GeoReport_v2');
  });

  it('lists services and their definitions, valid against the public schemas, stating the rules', async () => {
    const services = await t.http.get('/open311/v2/services.json').expect(200);
    expectValid('services.json', services.body);
    expect(services.body.map((s: { service_code: string }) => s.service_code)).toEqual(['grievance', 'observation', 'proposal']);
    for (const s of services.body) {
      expect(s).toMatchObject({ metadata: true, type: 'realtime', description: expect.stringContaining('api_key') });
      const def = await t.http.get(`/open311/v2/services/${s.service_code}.json`).expect(200);
      expectValid('service-definition.json', def.body);
      expect(def.body.attributes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'rules', variable: false, description: expect.stringContaining('lat and long together') }),
          expect.objectContaining({ code: 'subject', variable: true, required: false, datatype: 'string' }),
        ]),
      );
      const xml = parseXml((await t.http.get(`/open311/v2/services/${s.service_code}.xml`).expect(200)).text);
      expect(xml.name).toBe('service_definition');
      expect(child(xml, 'attributes')!.children.map((a) => child(a, 'code')!.text)).toEqual(['rules', 'subject']);
    }
    const xml = parseXml((await t.http.get('/open311/v2/services.xml').expect(200)).text);
    expect(xml.children.map((c) => child(c, 'service_code')!.text)).toEqual(['grievance', 'observation', 'proposal']);
    await t.http.get('/open311/v2/services/potholes.json').expect(404, [{ code: 404, description: 'service_code potholes not found' }]);
  });

  it('files with an api_key only; stores lat, long, address and media URL, shows them to staff; contact details optional', async () => {
    await post({ api_key: '', service_code: 'grievance', description: 'Pas de clé: ce dépôt doit être refusé.' }).expect(400, [
      { code: 400, description: 'api_key is required to post a request' },
    ]);
    const forged = await post(
      { api_key: 'ak_live_forged', service_code: 'grievance', description: 'Clé inventée: ce dépôt doit être refusé.' },
      'xml',
    ).expect(403);
    expect(child(child(parseXml(forged.text), 'error')!, 'code')!.text).toBe('403');

    const long =
      `Le trottoir devant le n° 12 avenue Mohammed V est effondré sur dix mètres. ${'Détails. '.repeat(450)}`.slice(0, 3999) + '.';
    const id = await file({
      service_code: 'grievance',
      description: long,
      lat: '34.920413',
      long: '-2.320056',
      address_string: '12 avenue Mohammed V, Berkane',
      media_url: 'https://photos.example.org/p/123.jpg',
    });
    const one = await t.http.get(`/open311/v2/requests/${id}.json`).expect(200);
    expectValid('requests.json', one.body);
    expect(one.body[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      description: long,
      lat: 34.920413,
      long: -2.320056,
      address: '12 avenue Mohammed V, Berkane',
      media_url: 'https://photos.example.org/p/123.jpg',
    });
    const mine = (await t.http.get('/api/v1/grievances').set(bearer(staff)).expect(200)).body;
    const items = mine.items;
    expect(items.find((g: { trackingCode: string }) => g.trackingCode === id)).toMatchObject({
      lat: 34.920413,
      long: -2.320056,
      addressString: '12 avenue Mohammed V, Berkane',
      mediaUrl: 'https://photos.example.org/p/123.jpg',
    });
    // Staff pages through grievances with limit and cursor (it capped at 100 and ignored limit).
    await file({ description: 'Un second dépôt, pour que la liste ait deux pages.' });
    const first = (await t.http.get('/api/v1/grievances?limit=1').set(bearer(staff)).expect(200)).body;
    expect(first.items).toHaveLength(1);
    const second = (
      await t.http
        .get(`/api/v1/grievances?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`)
        .set(bearer(staff))
        .expect(200)
    ).body;
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect(Date.parse(second.items[0].createdAt)).toBeLessThanOrEqual(Date.parse(first.items[0].createdAt));
    const [row] = await t.db.query(`SELECT phone, filed_by, channel FROM grievance WHERE tracking_code = $1`, [id]);
    expect(row).toMatchObject({ phone: null, channel: 'api' });
    expect(row.filed_by).toEqual(expect.any(String));

    const bare = await t.http.get(`/open311/v2/requests/${await file({ phone: '06 44 44 44 44' })}.json`).expect(200);
    expectValid('requests.json', bare.body);
    expect(bare.body[0]).toMatchObject({ lat: null, long: null, media_url: null, address: null });
    expect(JSON.stringify(bare.body)).not.toContain('644444444');
  });

  it('refuses bad posted fields, naming them in the Open311 error format', async () => {
    const refused = async (body: Record<string, unknown>, field: string) => {
      const res = await post({ service_code: 'grievance', description: 'Un dépôt avec un champ invalide.', ...body }).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual([{ code: 400, description: expect.stringContaining(field) }]);
    };
    await refused({ service_code: 'potholes' }, 'service_code');
    await refused({ description: 'court' }, 'description');
    await refused({ description: 'x'.repeat(4001) }, 'description');
    await refused({ lat: '34.92' }, 'long');
    await refused({ lat: '91', long: '-2.3' }, 'lat');
    await refused({ lat: 'north', long: '-2.3' }, 'lat');
    await refused({ media_url: 'ftp://files.example.org/a.jpg' }, 'media_url');
    await refused({ phone: '12345' }, 'phone');
    // A body that is not even JSON: still the Open311 format, never problem+json.
    const broken = await t.http
      .post('/open311/v2/requests.json')
      .set('content-type', 'application/json')
      .send('{"service_code":')
      .expect(400);
    expect(broken.headers['content-type']).toMatch(/^application\/json/);
    expect(broken.body).toEqual([{ code: 400, description: expect.any(String) }]);
    const unknown = await t.http.get('/open311/v2/nothing-here.xml').expect(404);
    expect(parseXml(unknown.text).name).toBe('errors');
  });

  it('keeps XML well-formed whatever the text holds (control characters, markup, lone surrogates)', async () => {
    // The input boundary refuses control characters at filing (400); text stored before that rule
    // (or by another path) may still hold them, so the row is given them directly.
    await post({ service_code: 'observation', description: 'Bruit\u0001 la nuit, rue 5, depuis une semaine.' }).expect(400);
    const id = await file({ description: 'Bruit la nuit, rue 5, depuis une semaine.' });
    await t.db.query(`UPDATE grievance SET description = $2 WHERE tracking_code = $1`, [
      id,
      'Bruit\u0001 la nuit <script>&amp; "café" \uD800 rue 5\u000B, bloc\u001F B',
    ]);
    const json = await t.http.get(`/open311/v2/requests/${id}.json`).expect(200);
    expectValid('requests.json', json.body);
    const one = parseXml((await t.http.get(`/open311/v2/requests/${id}.xml`).expect(200)).text);
    expect(child(child(one, 'request')!, 'description')!.text).toBe(
      'Bruit\uFFFD la nuit <script>&amp; "café" \uFFFD rue 5\uFFFD, bloc\uFFFD B',
    );
    const all = parseXml((await t.http.get('/open311/v2/requests.xml').expect(200)).text);
    expect(all.children.some((r) => child(r, 'service_request_id')!.text === id)).toBe(true);
  });

  describe('listing filters (last 90 days by default, at most 1,000)', () => {
    let old: string;
    let proposal: string;
    let closed: string;
    beforeAll(async () => {
      old = await file({ description: 'Une vieille observation de plus de quatre-vingt-dix jours.' });
      await t.db.query(`UPDATE grievance SET created_at = now() - interval '100 days' WHERE tracking_code = $1`, [old]);
      proposal = await file({ service_code: 'proposal', description: 'Ouvrir un guichet le samedi matin.' });
      closed = await file({ service_code: 'grievance', description: 'Une réclamation qui sera close.' });
      const [g] = await t.db.query(`SELECT id FROM grievance WHERE tracking_code = $1`, [closed]);
      await t.http
        .post(`/api/v1/grievances/${g.id}/responses`)
        .set(bearer(staff))
        .send({ body: 'Réglé: le guichet ouvre le samedi.', state: 'closed', public: true })
        .expect(201);
    });
    const list = async (query: string) => {
      const res = await t.http.get(`/open311/v2/requests.json?${query}`).expect(200);
      expectValid('requests.json', res.body);
      return res.body as {
        service_request_id: string;
        service_code: string;
        status: string;
        status_notes: string | null;
        requested_datetime: string;
      }[];
    };
    const ids = (rows: { service_request_id: string }[]) => rows.map((r) => r.service_request_id);

    it('service_request_id: a comma list, whatever the dates', async () => {
      expect(ids(await list(`service_request_id=${old},${proposal}`)).sort()).toEqual([old, proposal].sort());
      expect(await list('service_request_id=BRK5-1999-G-000001')).toEqual([]);
    });

    it('service_code, status, start_date and end_date', async () => {
      const proposals = await list('service_code=proposal');
      expect(ids(proposals)).toContain(proposal);
      expect(proposals.every((r) => r.service_code === 'proposal')).toBe(true);
      const closedOnes = await list('status=closed');
      expect(closedOnes.find((r) => r.service_request_id === closed)).toMatchObject({
        status: 'closed',
        status_notes: 'Réglé: le guichet ouvre le samedi.',
      });
      expect(closedOnes.every((r) => r.status === 'closed')).toBe(true);
      expect(ids(await list('status=open'))).not.toContain(closed);
      expect(ids(await list('status=open,closed'))).toEqual(expect.arrayContaining([closed, proposal]));

      expect(ids(await list(''))).not.toContain(old);
      const day = 86_400_000;
      const around = `start_date=${new Date(Date.now() - 101 * day).toISOString()}&end_date=${new Date(Date.now() - 99 * day).toISOString()}`;
      expect(ids(await list(around))).toContain(old);
      expect(ids(await list(`start_date=${new Date(Date.now() - 101 * day).toISOString()}`))).toEqual(
        expect.arrayContaining([old, proposal]),
      );
      for (const r of await list(around)) expect(Date.parse(r.requested_datetime)).toBeLessThan(Date.now() - 98 * day);

      await t.http
        .get('/open311/v2/requests.json?start_date=yesterday')
        .expect(400, [{ code: 400, description: 'start_date must be a W3C date-time such as 2026-11-01T00:00:00+01:00' }]);
      await t.http.get('/open311/v2/requests.json?status=pending').expect(400);
      await t.http.get('/open311/v2/requests.json?service_code=potholes').expect(400);
      const reversed = await t.http
        .get(`/open311/v2/requests.xml?start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z`)
        .expect(400);
      expect(child(child(parseXml(reversed.text), 'error')!, 'description')!.text).toBe('start_date must not be after end_date');
    });

    it('answers at most 1,000 requests', async () => {
      const annexId = await demoAnnexId(t.db);
      await t.db.query(
        `INSERT INTO grievance (annex_id, tracking_code, kind, subject, description, channel, due_at, created_at, public_consent)
         SELECT $1, 'BRK5-1990-G-' || lpad(n::text, 6, '0'), 'observation', 'Ancienne', 'Une observation ancienne, en nombre.', 'api', now(), timestamptz '1990-06-01' + n * interval '1 minute', true
           FROM generate_series(1, 1001) n ON CONFLICT (tracking_code) DO NOTHING`,
        [annexId],
      );
      const rows = await list('start_date=1990-05-01T00:00:00Z&end_date=1990-08-01T00:00:00Z');
      expect(rows).toHaveLength(1000);
      expect(rows[0].service_request_id).toBe('BRK5-1990-G-001001');
    });

    it('jurisdiction_id: the annex code; an unknown one is refused', async () => {
      expect(ids(await list(`jurisdiction_id=brk5&service_request_id=${proposal}`))).toEqual([proposal]);
      await t.http
        .get('/open311/v2/requests.json?jurisdiction_id=ZZ9')
        .expect(404, [{ code: 404, description: 'jurisdiction_id ZZ9 not found' }]);
      const xml = await t.http.get('/open311/v2/services.xml?jurisdiction_id=ZZ9').expect(404);
      expect(child(child(parseXml(xml.text), 'error')!, 'code')!.text).toBe('404');
      await post({ jurisdiction_id: 'ZZ9', service_code: 'grievance', description: 'Une juridiction qui n’existe pas.' }).expect(404);
      await t.http
        .get(`/open311/v2/tokens/${proposal}.json?jurisdiction_id=BRK5`)
        .expect(200, [{ service_request_id: proposal, token: proposal }]);
    });
  });
});
