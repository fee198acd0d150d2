import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppConfig, Public, PublicLookupThrottle } from '@app/core';
import { GRIEVANCE_KINDS } from './dto/grievance.dto';
import { GrievanceRow, GrievancesService } from './grievances.service';

/** Open311 GeoReport v2: existing civic apps can file and follow the annex's grievances. */
const SERVICES = [
  { service_code: 'grievance', service_name: 'Réclamation / شكاية', description: 'A complaint about a service of the annex', group: 'Constitution art. 156' },
  { service_code: 'observation', service_name: 'Observation / ملاحظة', description: 'An observation about the annex or a neighbourhood', group: 'Constitution art. 156' },
  { service_code: 'proposal', service_name: 'Proposition / اقتراح', description: 'A proposal to improve a service', group: 'Constitution art. 156' },
].map((s) => ({ ...s, metadata: false, type: 'realtime', keywords: 'annexe,berkane,art156' }));

type Format = 'json' | 'xml';

const xmlEscape = (v: unknown) => String(v ?? '').replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
function toXml(root: string, item: string, rows: Record<string, unknown>[]): string {
  const body = rows.map((r) => `<${item}>${Object.entries(r).map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`).join('')}</${item}>`).join('');
  return `<?xml version="1.0" encoding="utf-8"?><${root}>${body}</${root}>`;
}

@ApiTags('open311')
@Public()
@Controller('open311/v2')
export class Open311Controller {
  constructor(
    private readonly grievances: GrievancesService,
    private readonly config: AppConfig,
  ) {}

  @Get(['services.json', 'services.xml'])
  @ApiOperation({ summary: 'Open311: service list (JSON or XML)' })
  services(@Req() req: { url: string }, @Res() reply: any): void {
    this.send(reply, this.format(req.url), 'services', 'service', SERVICES);
  }

  @Get('services/:file')
  @ApiOperation({ summary: 'Open311: a service definition ({code}.json or .xml)' })
  service(@Param('file') file: string, @Res() reply: any): void {
    const [code, format] = this.split(file);
    if (!SERVICES.some((s) => s.service_code === code)) return this.error(reply, format, 404, `service_code ${code} not found`);
    if (format === 'xml') {
      reply.header('content-type', 'application/xml; charset=utf-8').send(`<?xml version="1.0" encoding="utf-8"?><service_definition><service_code>${xmlEscape(code)}</service_code><attributes></attributes></service_definition>`);
      return;
    }
    reply.send({ service_code: code, attributes: [] });
  }

  @Get(['requests.json', 'requests.xml'])
  @ApiOperation({ summary: 'Open311: public listing of requests (no personal data)' })
  async list(@Req() req: { url: string }, @Res() reply: any): Promise<void> {
    const rows = await this.grievances.publicList();
    this.send(reply, this.format(req.url), 'service_requests', 'request', rows.map((g) => this.toRequest(g)));
  }

  @Post(['requests.json', 'requests.xml'])
  @PublicLookupThrottle()
  @ApiOperation({ summary: 'Open311: file a request (form-encoded or JSON: service_code, description, phone)' })
  async create(@Req() req: { url: string }, @Body() body: Record<string, unknown>, @Res() reply: any): Promise<void> {
    const format = this.format(req.url);
    const code = String(body?.service_code ?? '');
    const description = String(body?.description ?? '').trim();
    const phone = String(body?.phone ?? '').replace(/\s/g, '');
    if (!GRIEVANCE_KINDS.includes(code as never)) return this.error(reply, format, 400, 'service_code is missing or unknown');
    if (description.length < 10) return this.error(reply, format, 400, 'description must be at least 10 characters');
    const e164 = /^0[5-7]\d{8}$/.test(phone) ? `+212${phone.slice(1)}` : phone;
    if (!/^\+212[5-7]\d{8}$/.test(e164)) return this.error(reply, format, 400, 'phone must be a Moroccan number (needed to follow the request)');
    // Publication needs the filer's explicit yes (attribute[public]=true); silence keeps it private.
    const consent = String(body?.['attribute[public]'] ?? (body?.attribute as Record<string, unknown> | undefined)?.public ?? 'false');
    if (!['true', 'false'].includes(consent)) return this.error(reply, format, 400, 'attribute[public] must be true or false');
    const g = await this.grievances.file(
      { kind: code as (typeof GRIEVANCE_KINDS)[number], subject: description.slice(0, 80), description, phone: e164, publicConsent: consent === 'true' },
      undefined,
      'api',
    );
    reply.code(201);
    const notice = `Response expected by ${g.dueAt}. ${g.publicConsent ? 'Listed publicly (without your phone).' : 'Not listed publicly (send attribute[public]=true to agree).'}`;
    this.send(reply, format, 'service_requests', 'request', [{ service_request_id: g.trackingCode, service_notice: notice, account_id: '' }]);
  }

  @Get('requests/:file')
  @ApiOperation({ summary: 'Open311: one request ({id}.json or .xml)' })
  async one(@Param('file') file: string, @Res() reply: any): Promise<void> {
    const [id, format] = this.split(file);
    const g = await this.grievances.publicOne(id);
    if (!g) return this.error(reply, format, 404, `service_request_id ${id} not found`);
    this.send(reply, format, 'service_requests', 'request', [this.toRequest(g)]);
  }

  @Get('tokens/:file')
  @ApiOperation({ summary: 'Open311: the request id behind a token (ours are issued at once: the token is the id)' })
  async token(@Param('file') file: string, @Res() reply: any): Promise<void> {
    const [token, format] = this.split(file);
    const g = await this.grievances.publicOne(token);
    if (!g) return this.error(reply, format, 404, `token ${token} not found`);
    this.send(reply, format, 'service_requests', 'request', [{ service_request_id: g.tracking_code, token }]);
  }

  private toRequest(g: GrievanceRow & { last_response: string | null }): Record<string, unknown> {
    return {
      service_request_id: g.tracking_code,
      status: g.state === 'closed' ? 'closed' : 'open',
      status_notes: g.last_response ?? '',
      service_name: SERVICES.find((s) => s.service_code === g.kind)?.service_name ?? g.kind,
      service_code: g.kind,
      description: g.subject,
      agency_responsible: `Annexe administrative ${this.config.DEFAULT_ANNEX_CODE}`,
      service_notice: '',
      requested_datetime: new Date(g.created_at).toISOString(),
      updated_datetime: new Date(g.updated_at).toISOString(),
      expected_datetime: new Date(g.due_at).toISOString(),
      address: '',
      address_id: '',
      zipcode: '',
      lat: '',
      long: '',
      media_url: '',
    };
  }

  private format(url: string): Format {
    return url.split('?')[0].endsWith('.xml') ? 'xml' : 'json';
  }

  private split(file: string): [string, Format] {
    const m = /^(.+)\.(json|xml)$/.exec(file);
    return m ? [m[1], m[2] as Format] : [file, 'json'];
  }

  private send(reply: any, format: Format, root: string, item: string, rows: Record<string, unknown>[]): void {
    if (format === 'xml') reply.header('content-type', 'application/xml; charset=utf-8').send(toXml(root, item, rows));
    else reply.header('content-type', 'application/json; charset=utf-8').send(rows);
  }

  /** GeoReport v2 errors: an array of {code, description}, with the HTTP status. */
  private error(reply: any, format: Format, code: number, description: string): void {
    reply.code(code);
    this.send(reply, format, 'errors', 'error', [{ code, description }]);
  }
}
