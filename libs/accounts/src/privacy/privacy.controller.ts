import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, CurrentUser, LowPriority, Principal, Roles } from '@app/core';
import { AccessAlertDto, AuditEventDto, AuditQuery } from '../dto/access-event.dto';
import { PrivacyService } from './privacy.service';
import { RetentionReportDto, RetentionService } from './retention.service';

/** Retention and the audit of staff reads; a citizen's own rights (/me/access-log, /me/export) are in the /me controller. */
@ApiTags('privacy')
@ApiBearerAuth('bearer')
@Controller()
export class PrivacyController {
  constructor(
    private readonly privacy: PrivacyService,
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
