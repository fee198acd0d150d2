import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, CurrentUser, LowPriority, Page, PageQuery, Principal, Roles } from '@app/core';
import { AccessAlertDto, AccessEventDto, AuditEventDto, AuditQuery } from '../dto/access-event.dto';
import { DataExportService, ExportQuery } from './data-export.service';
import { PrivacyService } from './privacy.service';
import { RetentionReportDto, RetentionService } from './retention.service';

@ApiTags('privacy')
@ApiBearerAuth('bearer')
@Controller()
export class PrivacyController {
  constructor(
    private readonly privacy: PrivacyService,
    private readonly exports: DataExportService,
    private readonly retention: RetentionService,
  ) {}

  @LowPriority()
  @Get('ops/retention')
  @Roles('admin')
  @ApiOperation({
    summary:
      'Retention dry run: each kind of data, its period and legal reason, and how many rows the worker would delete or anonymise now',
  })
  @ApiOkResponse({ type: RetentionReportDto })
  retentionReport(): Promise<RetentionReportDto> {
    return this.retention.run(true);
  }

  @Get('me/access-log')
  @Roles('citizen')
  @ApiOperation({ summary: 'Who read my record: every staff read (role, annex, counter, time, purpose), newest first' })
  @ApiPageResponse(AccessEventDto)
  myLog(@Query() q: PageQuery, @CurrentUser() p: Principal): Promise<Page<AccessEventDto>> {
    return this.privacy.myLog(p, q);
  }

  @LowPriority()
  @Get('me/export')
  @Roles('citizen')
  @ApiOperation({ summary: 'Right of access (law 09-08): everything the annex holds about me, as JSON or a readable HTML page' })
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({
    description: 'JSON document, or HTML with ?format=html',
    content: {
      'application/json': { schema: { type: 'object', additionalProperties: true } },
      'text/html': { schema: { type: 'string' } },
    },
  })
  async export(
    @Query() q: ExportQuery,
    @CurrentUser() p: Principal,
    @Res({ passthrough: true }) reply: { header(k: string, v: string): unknown },
  ) {
    const data = await this.exports.collect(p);
    const day = new Date().toISOString().slice(0, 10);
    if (q.format === 'html') {
      reply.header('content-type', 'text/html; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="mes-donnees-${day}.html"`);
      return this.exports.html(data, q.lang ?? 'fr');
    }
    reply.header('content-disposition', `attachment; filename="mes-donnees-${day}.json"`);
    return data;
  }

  @LowPriority()
  @Get('audit/access')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      'Audit of staff reads of personal data for the annex and a period (default: last 30 days); JSON pages or the whole period as CSV',
  })
  @ApiPageResponse(AuditEventDto)
  @ApiProduces('application/json', 'text/csv')
  async audit(
    @Query() q: AuditQuery,
    @CurrentUser() p: Principal,
    @Res({ passthrough: true }) reply: { header(k: string, v: string): unknown },
  ) {
    if (q.format !== 'csv') return this.privacy.audit(p, q, q.limit ?? 50);
    const all = await this.privacy.audit(p, { ...q, cursor: undefined }, null);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="access-log.csv"`);
    return this.privacy.auditCsv(all.items);
  }

  @LowPriority()
  @Get('audit/access/alerts')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'Unusual reading in a period (default: last 7 days): staff reading many records outside requests, or very many records',
  })
  @ApiOkResponse({ type: [AccessAlertDto] })
  alerts(@Query() q: AuditQuery, @CurrentUser() p: Principal): Promise<AccessAlertDto[]> {
    return this.privacy.alerts(p, q);
  }
}
