import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { DependentsService } from './dependents.service';
import {
  DependentAccountInput,
  DependentConfirmInput,
  DependentDto,
  DependentInput,
  FamilyQuery,
  MandateAskedDto,
  MandateAskInput,
  MandateConfirmInput,
  MandateDto,
  MandateGrantInput,
  MandateStartedDto,
  PaperMandateInput,
} from './dto/family.dto';
import { MandatesService } from './mandates.service';

const ID = { name: 'id', format: 'uuid' };

/** A citizen's own family: dependents they file for, mandates they gave or hold. */
@ApiTags('family')
@ApiBearerAuth('bearer')
@Controller('me')
export class MyFamilyController {
  constructor(
    private readonly dependents: DependentsService,
    private readonly mandates: MandatesService,
  ) {}

  @Get('dependents')
  @Roles('citizen')
  @ApiOperation({ summary: 'My dependents (minor children), pending until confirmed at a counter' })
  @ApiOkResponse({ type: [DependentDto] })
  myDependents(@CurrentUser() p: Principal): Promise<DependentDto[]> {
    return this.dependents.mine(p);
  }

  @Post('dependents')
  @Roles('citizen')
  @ApiOperation({ summary: 'Add a minor child; an agent confirms it once against the family record booklet' })
  @ApiCreatedResponse({ type: DependentDto })
  @ApiConflictResponse({ description: 'duplicate-dependent (names birthRecordRef)' })
  addDependent(@Body() d: DependentInput, @CurrentUser() p: Principal): Promise<DependentDto> {
    return this.dependents.add(d, p);
  }

  @Post('dependents/:id/account')
  @HttpCode(200)
  @Roles('citizen')
  @ApiOperation({
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
  @ApiOperation({ summary: 'Mandates I gave and hold' })
  @ApiOkResponse({ type: [MandateDto] })
  myMandates(@CurrentUser() p: Principal): Promise<MandateDto[]> {
    return this.mandates.mine(p);
  }

  @Post('mandates')
  @HttpCode(202)
  @Roles('citizen')
  @ApiOperation({
    summary:
      'Give a mandate to another adult (procedures, period); a one-time code goes to my phone to confirm it. The answer is the same whether an adult account holds the CIN or not',
  })
  @ApiAcceptedResponse({ type: MandateStartedDto })
  grant(@Body() d: MandateGrantInput, @CurrentUser() p: Principal): Promise<MandateStartedDto> {
    return this.mandates.grant(d, p);
  }

  @Post('mandates/ask')
  @HttpCode(202)
  @Roles('citizen')
  @ApiOperation({
    summary:
      'Ask another adult for a mandate (procedures, period); they answer in their account. The answer is the same whether an adult account holds the CIN or not',
  })
  @ApiAcceptedResponse({ type: MandateAskedDto })
  ask(@Body() d: MandateAskInput, @CurrentUser() p: Principal): Promise<MandateAskedDto> {
    return this.mandates.ask(d, p);
  }

  @Post('mandates/:id/code')
  @HttpCode(202)
  @Roles('citizen')
  @ApiOperation({ summary: 'Send me a (new) one-time code to confirm a pending mandate I am the mandator of' })
  @ApiParam(ID)
  @ApiAcceptedResponse({ type: MandateStartedDto })
  @ApiConflictResponse({ description: 'mandate-not-pending' })
  @ApiNotFoundResponse()
  code(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<MandateStartedDto> {
    return this.mandates.code(id, p);
  }

  @Post('mandates/:id/refuse')
  @HttpCode(200)
  @Roles('citizen')
  @ApiOperation({ summary: 'Refuse a mandate asked of me' })
  @ApiParam(ID)
  @ApiOkResponse({ type: MandateDto })
  @ApiConflictResponse({ description: 'mandate-not-pending' })
  @ApiNotFoundResponse()
  refuse(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<MandateDto> {
    return this.mandates.refuse(id, p);
  }

  @Post('mandates/:id/confirm')
  @HttpCode(200)
  @Roles('citizen')
  @ApiOperation({ summary: 'Confirm a mandate I gave with the one-time code' })
  @ApiParam(ID)
  @ApiOkResponse({ type: MandateDto })
  @ApiConflictResponse({ description: 'mandate-not-pending, mandate-no-code, mandate-no-proxy (the CIN named has no adult account)' })
  @ApiNotFoundResponse()
  confirm(@Param('id', ParseUUIDPipe) id: string, @Body() d: MandateConfirmInput, @CurrentUser() p: Principal): Promise<MandateDto> {
    return this.mandates.confirm(id, d.code, p);
  }
}

/** The counter's side: confirm a dependent, record a paper mandate, see a citizen's family (recorded). */
@ApiTags('family')
@ApiBearerAuth('bearer')
@Controller()
export class FamilyController {
  constructor(
    private readonly dependents: DependentsService,
    private readonly mandates: MandatesService,
  ) {}

  @Get('citizens/:id/dependents')
  @Roles('reception', 'agent', 'supervisor')
  @ApiOperation({ summary: "A citizen's dependents (a recorded read of personal data)" })
  @ApiParam(ID)
  @ApiOkResponse({ type: [DependentDto] })
  @ApiNotFoundResponse()
  dependentsOf(@Param('id', ParseUUIDPipe) id: string, @Query() q: FamilyQuery, @CurrentUser() p: Principal): Promise<DependentDto[]> {
    return this.dependents.of(id, p, q.reason);
  }

  @Get('citizens/:id/mandates')
  @Roles('reception', 'agent', 'supervisor')
  @ApiOperation({ summary: "A citizen's mandates, given and held (a recorded read of personal data)" })
  @ApiParam(ID)
  @ApiOkResponse({ type: [MandateDto] })
  @ApiNotFoundResponse()
  mandatesOf(@Param('id', ParseUUIDPipe) id: string, @Query() q: FamilyQuery, @CurrentUser() p: Principal): Promise<MandateDto[]> {
    return this.mandates.of(id, p, q.reason);
  }

  @Post('dependents/:id/confirm')
  @HttpCode(200)
  @Roles('reception', 'agent', 'supervisor')
  @ApiOperation({ summary: 'Confirm a dependent after seeing the family record booklet (agent, time and booklet reference recorded)' })
  @ApiParam(ID)
  @ApiOkResponse({ type: DependentDto })
  @ApiConflictResponse({ description: 'dependent-already-confirmed' })
  @ApiNotFoundResponse()
  confirmDependent(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() d: DependentConfirmInput,
    @CurrentUser() p: Principal,
  ): Promise<DependentDto> {
    return this.dependents.confirm(id, d, p);
  }

  @Post('mandates')
  @Roles('reception', 'agent', 'supervisor')
  @ApiOperation({ summary: 'Record a legalised paper mandate (active at once)' })
  @ApiCreatedResponse({ type: MandateDto })
  paper(@Body() d: PaperMandateInput, @CurrentUser() p: Principal): Promise<MandateDto> {
    return this.mandates.paper(d, p);
  }

  @Post('mandates/:id/revoke')
  @HttpCode(200)
  @Roles('citizen', 'reception', 'agent', 'supervisor')
  @ApiOperation({ summary: 'Revoke a mandate: either side, or staff of the annex recording a revocation' })
  @ApiParam(ID)
  @ApiOkResponse({ type: MandateDto })
  @ApiConflictResponse({ description: 'mandate-revoked' })
  @ApiNotFoundResponse()
  revoke(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<MandateDto> {
    return this.mandates.revoke(id, p);
  }
}
