import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiPageResponse, CurrentUser, LowPriority, Page, PageQuery, Principal, Roles } from '@app/core';
import {
  AccessEventDto,
  CitizenChangeDto,
  CitizenDto,
  CitizensService,
  DataExportService,
  DependentAccountInput,
  DependentDto,
  DependentInput,
  DependentsService,
  ExportQuery,
  MandateAskedDto,
  MandateAskInput,
  MandateConfirmInput,
  MandateDto,
  MandateGrantInput,
  MandatesService,
  MandateStartedDto,
  MeDto,
  MeService,
  PrivacyService,
  ProfilePatch,
  RecoveryCodesDto,
  SecondFactor,
  SecondFactorStatusDto,
  TotpCodeDto,
  TotpEnrolmentDto,
} from '@app/accounts';
import { AppointmentDto, AppointmentQuery, AppointmentsService, TicketDto, VirtualTicketCreate } from '@app/reception';

const ID = { name: 'id', format: 'uuid' };

/**
 * Every route under /me, the caller's own account: profile and its history, the second factor
 * (staff), the family (dependents, mandates), the privacy rights (who read my record, my data)
 * and the citizen's own appointments and phone tickets. It sits in the API app, above the
 * libraries it serves (accounts, reception: reception depends on accounts, so neither library
 * could hold it). Each method calls one service, where the rules live. The operationIds of the
 * controllers merged here (`Profile_`, `SecondFactor_`, `MyFamily_`, `Privacy_`, `Appointments_`) are kept, and
 * each route keeps its own tag.
 */
@ApiBearerAuth('bearer')
@Controller('me')
export class MeController {
  constructor(
    private readonly me: MeService,
    private readonly citizens: CitizensService,
    private readonly secondFactor: SecondFactor,
    private readonly dependents: DependentsService,
    private readonly mandates: MandatesService,
    private readonly privacy: PrivacyService,
    private readonly exports: DataExportService,
    private readonly appointments: AppointmentsService,
  ) {}

  // --- the account (tag accounts) ---

  @Get()
  @ApiTags('accounts')
  @ApiOperation({ summary: "The caller's profile and role" })
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse()
  get(@CurrentUser() user: Principal): Promise<MeDto> {
    return this.me.get(user);
  }

  @Patch()
  @Roles('citizen')
  @ApiTags('accounts')
  @ApiOperation({ operationId: 'Profile_update', summary: "Change one's contact details, address and alert preferences" })
  @ApiOkResponse({ type: CitizenDto })
  updateProfile(@Body() d: ProfilePatch, @CurrentUser() p: Principal): Promise<CitizenDto> {
    return this.citizens.update(p.id, d, p);
  }

  @Get('history')
  @Roles('citizen')
  @ApiTags('accounts')
  @ApiOperation({ operationId: 'Profile_history', summary: "Every change to one's record: who, when, old → new" })
  @ApiPageResponse(CitizenChangeDto)
  history(@Query() q: PageQuery, @CurrentUser() p: Principal): Promise<Page<CitizenChangeDto>> {
    return this.citizens.history(p.id, q);
  }

  // --- the caller's own second factor (staff): status, TOTP setup (QR in the agent app), confirmation ---

  @Get('mfa')
  @ApiTags('accounts')
  @ApiOperation({
    operationId: 'SecondFactor_status',
    summary: 'Whether the caller has a second factor, whether the role requires one, recovery codes left',
  })
  @ApiOkResponse({ type: SecondFactorStatusDto })
  secondFactorStatus(@CurrentUser() p: Principal): Promise<SecondFactorStatusDto> {
    return this.secondFactor.status(p.id, p.role);
  }

  @Post('mfa/totp')
  @ApiTags('accounts')
  @ApiOperation({
    operationId: 'SecondFactor_begin',
    summary: 'Start a TOTP setup: a new secret and its otpauth:// URI (to show as a QR); confirm it with a code',
  })
  @ApiCreatedResponse({ type: TotpEnrolmentDto })
  @ApiConflictResponse({ description: 'second-factor-enabled: already set up (an admin can reset it)' })
  beginTotp(@CurrentUser() p: Principal): Promise<TotpEnrolmentDto> {
    return this.secondFactor.begin(p.id);
  }

  @Post('mfa/totp/confirm')
  @HttpCode(200)
  @ApiTags('accounts')
  @ApiOperation({
    operationId: 'SecondFactor_confirm',
    summary:
      'Confirm the setup with a code from the app: the second factor is on; answers the recovery codes, shown only once. Refresh the session afterwards.',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiBadRequestResponse({ description: 'code: wrong code' })
  @ApiConflictResponse({ description: 'second-factor-not-started or second-factor-enabled' })
  async confirmTotp(@CurrentUser() p: Principal, @Body() d: TotpCodeDto): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.secondFactor.confirm(p.id, d.code) };
  }

  // --- the family: dependents I file for, mandates I gave or hold (tag family) ---

  @Get('dependents')
  @Roles('citizen')
  @ApiTags('family')
  @ApiOperation({ operationId: 'MyFamily_myDependents', summary: 'My dependents (minor children), pending until confirmed at a counter' })
  @ApiOkResponse({ type: [DependentDto] })
  myDependents(@CurrentUser() p: Principal): Promise<DependentDto[]> {
    return this.dependents.mine(p);
  }

  @Post('dependents')
  @Roles('citizen')
  @ApiTags('family')
  @ApiOperation({
    operationId: 'MyFamily_addDependent',
    summary: 'Add a minor child; an agent confirms it once against the family record booklet',
  })
  @ApiCreatedResponse({ type: DependentDto })
  @ApiConflictResponse({ description: 'duplicate-dependent (names birthRecordRef)' })
  addDependent(@Body() d: DependentInput, @CurrentUser() p: Principal): Promise<DependentDto> {
    return this.dependents.add(d, p);
  }

  @Post('dependents/:id/account')
  @HttpCode(200)
  @Roles('citizen')
  @ApiTags('family')
  @ApiOperation({
    operationId: 'MyFamily_dependentAccount',
    summary: 'A dependent come of age gets an account (claimed by SMS code via /citizens/claim); their requests follow them',
  })
  @ApiParam(ID)
  @ApiOkResponse({ type: DependentDto })
  @ApiConflictResponse({ description: 'dependent-not-confirmed, dependent-minor, dependent-has-account, duplicate-cin' })
  @ApiNotFoundResponse()
  dependentAccount(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() d: DependentAccountInput,
    @CurrentUser() p: Principal,
  ): Promise<DependentDto> {
    return this.dependents.account(id, d, p);
  }

  @Get('mandates')
  @Roles('citizen')
  @ApiTags('family')
  @ApiOperation({ operationId: 'MyFamily_myMandates', summary: 'Mandates I gave and hold' })
  @ApiOkResponse({ type: [MandateDto] })
  myMandates(@CurrentUser() p: Principal): Promise<MandateDto[]> {
    return this.mandates.mine(p);
  }

  @Post('mandates')
  @HttpCode(202)
  @Roles('citizen')
  @ApiTags('family')
  @ApiOperation({
    operationId: 'MyFamily_grant',
    summary:
      'Give a mandate to another adult (procedures, period); a one-time code goes to my phone to confirm it. The answer is the same whether an adult account holds the CIN or not',
  })
  @ApiAcceptedResponse({ type: MandateStartedDto })
  grantMandate(@Body() d: MandateGrantInput, @CurrentUser() p: Principal): Promise<MandateStartedDto> {
    return this.mandates.grant(d, p);
  }

  @Post('mandates/ask')
  @HttpCode(202)
  @Roles('citizen')
  @ApiTags('family')
  @ApiOperation({
    operationId: 'MyFamily_ask',
    summary:
      'Ask another adult for a mandate (procedures, period); they answer in their account. The answer is the same whether an adult account holds the CIN or not',
  })
  @ApiAcceptedResponse({ type: MandateAskedDto })
  askMandate(@Body() d: MandateAskInput, @CurrentUser() p: Principal): Promise<MandateAskedDto> {
    return this.mandates.ask(d, p);
  }

  @Post('mandates/:id/code')
  @HttpCode(202)
  @Roles('citizen')
  @ApiTags('family')
  @ApiOperation({
    operationId: 'MyFamily_code',
    summary: 'Send me a (new) one-time code to confirm a pending mandate I am the mandator of',
  })
  @ApiParam(ID)
  @ApiAcceptedResponse({ type: MandateStartedDto })
  @ApiConflictResponse({ description: 'mandate-not-pending' })
  @ApiNotFoundResponse()
  mandateCode(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<MandateStartedDto> {
    return this.mandates.code(id, p);
  }

  @Post('mandates/:id/refuse')
  @HttpCode(200)
  @Roles('citizen')
  @ApiTags('family')
  @ApiOperation({ operationId: 'MyFamily_refuse', summary: 'Refuse a mandate asked of me' })
  @ApiParam(ID)
  @ApiOkResponse({ type: MandateDto })
  @ApiConflictResponse({ description: 'mandate-not-pending' })
  @ApiNotFoundResponse()
  refuseMandate(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<MandateDto> {
    return this.mandates.refuse(id, p);
  }

  @Post('mandates/:id/confirm')
  @HttpCode(200)
  @Roles('citizen')
  @ApiTags('family')
  @ApiOperation({ operationId: 'MyFamily_confirm', summary: 'Confirm a mandate I gave with the one-time code' })
  @ApiParam(ID)
  @ApiOkResponse({ type: MandateDto })
  @ApiConflictResponse({ description: 'mandate-not-pending, mandate-no-code, mandate-no-proxy (the CIN named has no adult account)' })
  @ApiNotFoundResponse()
  confirmMandate(@Param('id', ParseUUIDPipe) id: string, @Body() d: MandateConfirmInput, @CurrentUser() p: Principal): Promise<MandateDto> {
    return this.mandates.confirm(id, d.code, p);
  }

  // --- privacy rights, law 09-08 (tag privacy) ---

  @Get('access-log')
  @Roles('citizen')
  @ApiTags('privacy')
  @ApiOperation({
    operationId: 'Privacy_myLog',
    summary: 'Who read my record: every staff read (role, annex, counter, time, purpose), newest first',
  })
  @ApiPageResponse(AccessEventDto)
  accessLog(@Query() q: PageQuery, @CurrentUser() p: Principal): Promise<Page<AccessEventDto>> {
    return this.privacy.myLog(p, q);
  }

  @LowPriority()
  @Get('export')
  @Roles('citizen')
  @ApiTags('privacy')
  @ApiOperation({
    operationId: 'Privacy_export',
    summary: 'Right of access (law 09-08): everything the annex holds about me, as JSON or a readable HTML page',
  })
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

  // --- the citizen's own visits: a phone ticket, their appointments (tag appointments) ---

  @Post('tickets')
  @Roles('citizen')
  @ApiTags('appointments')
  @ApiOperation({
    operationId: 'Appointments_takeTicket',
    summary:
      'Take a walk-in ticket from the phone, on the day, during opening hours (one per citizen and day): the number and predicted wait, by SMS too; another SMS when the turn is near',
  })
  @ApiCreatedResponse({ type: TicketDto })
  takeTicket(@Body() d: VirtualTicketCreate, @CurrentUser() p: Principal): Promise<TicketDto> {
    return this.appointments.virtualTicket(d, p);
  }

  @Get('appointments')
  @Roles('citizen')
  @ApiTags('appointments')
  @ApiOperation({ operationId: 'Appointments_mine', summary: "The citizen's own appointments, by time" })
  @ApiPageResponse(AppointmentDto)
  myAppointments(@Query() q: AppointmentQuery, @CurrentUser() p: Principal): Promise<Page<AppointmentDto>> {
    return this.appointments.mine(q, p);
  }
}
