import { Body, Controller, Get, Optional, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuthenticator, AppConfig, Public, PublicLookupThrottle } from '@app/core';
import { GrievancesService, PublicGrievanceRow } from '../grievances.service';
import { formatOf, Open311Error, Open311Format, render } from './open311.format';
import { Open311Docs, Open311Jurisdiction, Open311ListQuery, Open311PostBody } from './open311.openapi';
import { listFilter, postedGrievance } from './open311.params';
import { discovery, serviceDefinition, SERVICES } from './open311.services';

/** When the endpoint's rules (services, definitions, discovery) last changed. */
const CHANGESET = '2026-12-01T00:00:00Z';

type Reply = { code(n: number): Reply; header(k: string, v: string): Reply; send(b: string): void };
type Q = Record<string, unknown>;

/**
 * Open311 GeoReport v2: existing civic apps can file and follow the annex's grievances.
 * Each jurisdiction is an annex (its code); jurisdiction_id is optional, as one endpoint serves
 * them all. Errors are the spec's `[{code, description}]` / `<errors>` (see open311.format.ts).
 */
@ApiTags('open311')
@Public()
@Controller('open311')
export class Open311Controller {
  constructor(
    private readonly grievances: GrievancesService,
    private readonly config: AppConfig,
    @Optional() private readonly apiKeys?: ApiKeyAuthenticator,
  ) {}

  @Get(['discovery.json', 'discovery.xml'])
  @ApiOperation({ summary: 'Open311: service discovery (JSON or XML)' })
  @Open311Docs.discovery()
  discovery(@Req() req: { url: string }, @Res() reply: Reply): void {
    send(reply, formatOf(req.url), 200, 'discovery', null, discovery(this.config.PUBLIC_URL, CHANGESET));
  }

  @Get(['v2/services.json', 'v2/services.xml'])
  @ApiOperation({ summary: 'Open311: service list (JSON or XML)' })
  @Open311Docs.services()
  @Open311Jurisdiction()
  async services(@Req() req: { url: string }, @Query() q: Q, @Res() reply: Reply): Promise<void> {
    await this.jurisdiction(q);
    send(reply, formatOf(req.url), 200, 'services', 'service', SERVICES);
  }

  @Get('v2/services/:file')
  @ApiOperation({ summary: 'Open311: a service definition ({code}.json or .xml)' })
  @Open311Docs.definition()
  @Open311Jurisdiction()
  async service(@Param('file') file: string, @Query() q: Q, @Res() reply: Reply): Promise<void> {
    const [code, format] = split(file);
    await this.jurisdiction(q);
    if (!SERVICES.some((s) => s.service_code === code)) throw new Open311Error(404, `service_code ${code} not found`);
    send(reply, format, 200, 'service_definition', null, serviceDefinition(code));
  }

  @Get(['v2/requests.json', 'v2/requests.xml'])
  @ApiOperation({
    summary:
      'Open311: public listing of requests, no personal data (service_request_id, service_code, status, start_date, end_date; last 90 days, at most 1,000)',
  })
  @Open311Docs.requests()
  @Open311ListQuery()
  async list(@Req() req: { url: string }, @Query() q: Q, @Res() reply: Reply): Promise<void> {
    const annexId = await this.jurisdiction(q);
    const rows = await this.grievances.publicList({ ...listFilter(q), annexId });
    send(
      reply,
      formatOf(req.url),
      200,
      'service_requests',
      'request',
      rows.map((g) => this.toRequest(g)),
    );
  }

  @Post(['v2/requests.json', 'v2/requests.xml'])
  @PublicLookupThrottle()
  @ApiOperation({ summary: 'Open311: file a request (form-encoded or JSON; api_key required; see the service definitions for the rules)' })
  @Open311Docs.created()
  @Open311PostBody()
  async create(@Req() req: { url: string; ip?: string }, @Body() body: Q, @Query() q: Q, @Res() reply: Reply): Promise<void> {
    const format = formatOf(req.url);
    const all = { ...q, ...(body ?? {}) };
    const annexId = await this.jurisdiction(all);
    const key = typeof all.api_key === 'string' ? all.api_key : '';
    if (!key) throw new Open311Error(400, 'api_key is required to post a request');
    const partner = this.apiKeys ? await this.apiKeys.authenticate(key, req.ip) : null;
    if (!partner) throw new Open311Error(403, 'api_key is not valid');
    const g = await this.grievances.file(postedGrievance(all), undefined, 'api', { filedBy: partner.id, contactOptional: true, annexId });
    const notice = `Response expected by ${g.dueAt}. ${g.publicConsent ? 'Listed publicly (without your phone).' : 'Not listed publicly (send attribute[public]=true to agree).'}`;
    send(reply, format, 201, 'service_requests', 'request', [{ service_request_id: g.trackingCode, service_notice: notice }]);
  }

  @Get('v2/requests/:file')
  @ApiOperation({ summary: 'Open311: one request ({id}.json or .xml)' })
  @Open311Docs.requests()
  @Open311Jurisdiction()
  async one(@Param('file') file: string, @Query() q: Q, @Res() reply: Reply): Promise<void> {
    const [id, format] = split(file);
    const annexId = await this.jurisdiction(q);
    const g = await this.grievances.publicOne(id, annexId);
    if (!g) throw new Open311Error(404, `service_request_id ${id} not found`);
    send(reply, format, 200, 'service_requests', 'request', [this.toRequest(g)]);
  }

  @Get('v2/tokens/:file')
  @ApiOperation({ summary: 'Open311: the request id behind a token (ours are issued at once: the token is the id)' })
  @Open311Docs.token()
  @Open311Jurisdiction()
  async token(@Param('file') file: string, @Query() q: Q, @Res() reply: Reply): Promise<void> {
    const [token, format] = split(file);
    const annexId = await this.jurisdiction(q);
    const g = await this.grievances.publicOne(token, annexId);
    if (!g) throw new Open311Error(404, `token ${token} not found`);
    send(reply, format, 200, 'service_requests', 'request', [{ service_request_id: g.tracking_code, token }]);
  }

  /** The annex a jurisdiction_id names (an annex code, case-insensitive); undefined when absent. */
  private async jurisdiction(q: Q): Promise<string | undefined> {
    const j = q.jurisdiction_id;
    if (j === undefined || j === '') return undefined;
    const id = await this.grievances.annexIdByCode(String(j));
    if (!id) throw new Open311Error(404, `jurisdiction_id ${String(j)} not found`);
    return id;
  }

  private toRequest(g: PublicGrievanceRow): Record<string, unknown> {
    return {
      service_request_id: g.tracking_code,
      status: g.state === 'closed' ? 'closed' : 'open',
      status_notes: g.last_response,
      service_name: SERVICES.find((s) => s.service_code === g.kind)?.service_name ?? g.kind,
      service_code: g.kind,
      description: g.description,
      agency_responsible: `Annexe administrative ${g.annex_code}`,
      service_notice: null,
      requested_datetime: new Date(g.created_at).toISOString(),
      updated_datetime: new Date(g.updated_at).toISOString(),
      expected_datetime: new Date(g.due_at).toISOString(),
      address: g.address_string,
      address_id: null,
      zipcode: null,
      lat: g.lat === null ? null : Number(g.lat),
      long: g.long === null ? null : Number(g.long),
      media_url: g.media_url,
    };
  }
}

function split(file: string): [string, Open311Format] {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) throw new Open311Error(404, `${file}: ask for .json or .xml`);
  return [m[1], m[2] as Open311Format];
}

function send(
  reply: Reply,
  format: Open311Format,
  status: number,
  root: string,
  item: string | null,
  body: Record<string, unknown>[] | Record<string, unknown>,
): void {
  const out = render(format, root, item, body);
  reply.code(status).header('content-type', out.contentType).send(out.payload);
}
