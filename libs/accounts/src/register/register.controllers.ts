import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { ApiPageResponse, CurrentUser, Page, PageQuery, pageOf, Principal, Public, PublicLookupThrottle, Roles } from '@app/core';
import { CitizenDto, CitizenInput, CitizenPatch, CitizenReadQuery, CitizenSearchQuery } from '../dto/citizen.dto';
import { ClaimDto, ClaimStartedDto, ClaimVerifyDto } from '../dto/signup.dto';
import { IdentityPatternsDto, identityPatterns } from '../dto/identity-patterns.dto';
import { CounterDto, NeighbourhoodDto, NeighbourhoodQuery, StaffCreate, StaffDto, StaffPatch } from '../dto/staff.dto';
import { TokenPairDto } from '../dto/token-pair.dto';
import { CitizensService } from './citizens.service';
import { RegistrationService } from './registration.service';
import { StaffService } from './staff.service';

@ApiTags('citizens')
@ApiBearerAuth('bearer')
@Controller('citizens')
export class CitizensController {
  constructor(
    private readonly citizens: CitizensService,
    private readonly registration: RegistrationService,
  ) {}

  @Get()
  @Roles('reception', 'agent', 'supervisor')
  @ApiOperation({
    summary:
      'Find citizens of the annex by CIN, phone or name (a term of 3+ characters; each citizen found sees the search in their access log)',
  })
  @ApiPageResponse(CitizenDto)
  search(@Query() q: CitizenSearchQuery, @CurrentUser() p: Principal): Promise<Page<CitizenDto>> {
    return this.citizens.search(q.q, q, p, q.reason);
  }

  @Post()
  @Roles('reception', 'agent', 'supervisor')
  @ApiOperation({ summary: 'Create the account of a walk-in citizen (assisted; they claim it later by SMS code)' })
  @ApiCreatedResponse({ type: CitizenDto })
  @ApiConflictResponse({ description: 'CIN already registered' })
  create(@Body() d: CitizenInput, @CurrentUser() p: Principal): Promise<CitizenDto> {
    return this.citizens.create(d, p);
  }

  @Post('claim')
  @Public()
  @HttpCode(202)
  @PublicLookupThrottle()
  @ApiOperation({ summary: 'Claim an assisted account: a code goes to the phone on file (same answer whether or not it matches)' })
  @ApiAcceptedResponse({ type: ClaimStartedDto })
  @ApiTooManyRequestsResponse({ description: 'Too many codes for this phone or CIN (Retry-After)' })
  claim(@Body() d: ClaimDto): Promise<ClaimStartedDto> {
    return this.registration.startClaim(d.cin, d.phone);
  }

  @Post('claim/verify')
  @Public()
  @PublicLookupThrottle()
  @ApiOperation({ summary: 'Confirm the claim with the code and choose a password' })
  @ApiCreatedResponse({ type: TokenPairDto })
  claimVerify(@Body() d: ClaimVerifyDto): Promise<TokenPairDto> {
    return this.registration.verifyClaim(d.claimId, d.code, d.password);
  }

  @Get(':id')
  @Roles('reception', 'agent', 'supervisor', 'admin')
  @ApiHeader({ name: 'X-Access-Reason', required: false, description: 'Why the record is opened (kept in the access log)' })
  @ApiOperation({ summary: "A citizen's record (the read is logged: who, when, why)" })
  @ApiOkResponse({ type: CitizenDto })
  get(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: CitizenReadQuery,
    @CurrentUser() p: Principal,
    @Headers('x-access-reason') reason?: string,
  ): Promise<CitizenDto> {
    return this.citizens.get(id, p, q.reason ?? reason);
  }

  @Patch(':id')
  @Roles('reception', 'agent', 'supervisor')
  @ApiOperation({ summary: "Correct a citizen's record, or record a move out (residenceTo); every change is kept" })
  @ApiOkResponse({ type: CitizenDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() d: CitizenPatch, @CurrentUser() p: Principal): Promise<CitizenDto> {
    return this.citizens.update(id, d, p);
  }
}

@ApiTags('staff')
@ApiBearerAuth('bearer')
@Roles('admin')
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @ApiOperation({ summary: 'Staff and device accounts' })
  @ApiPageResponse(StaffDto)
  list(@Query() q: PageQuery, @CurrentUser() p: Principal): Promise<Page<StaffDto>> {
    return this.staff.list(q, p);
  }

  @Post()
  @ApiOperation({ summary: 'Create a staff or device account' })
  @ApiCreatedResponse({ type: StaffDto })
  create(@Body() d: StaffCreate, @CurrentUser() p: Principal): Promise<StaffDto> {
    return this.staff.create(d, p);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One staff account' })
  @ApiOkResponse({ type: StaffDto })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<StaffDto> {
    return this.staff.get(id, p);
  }

  @Delete(':id/mfa')
  @HttpCode(204)
  @ApiOperation({
    summary: "Reset the account's second factor (a lost phone): recorded, signs the account out; it sets up a new one at its next sign-in",
  })
  @ApiNoContentResponse()
  resetSecondFactor(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<void> {
    return this.staff.resetSecondFactor(id, p);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change role, name, contact; disable; reset the password (signs the account out)' })
  @ApiOkResponse({ type: StaffDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() d: StaffPatch, @CurrentUser() p: Principal): Promise<StaffDto> {
    return this.staff.update(id, d, p);
  }
}

@ApiTags('accounts')
@Controller()
export class ReferenceController {
  constructor(private readonly staff: StaffService) {}

  @Get('neighbourhoods')
  @Public()
  @ApiOperation({ summary: "The annex's neighbourhoods (census units)" })
  @ApiPageResponse(NeighbourhoodDto)
  async neighbourhoods(@Query() q: NeighbourhoodQuery, @CurrentUser() p?: Principal): Promise<Page<NeighbourhoodDto>> {
    return pageOf(await this.staff.neighbourhoods(q.annex, p), q, (n) => n.id);
  }

  @Get('identity/patterns')
  @Public()
  @ApiOperation({ summary: 'The CIN and phone rules the API validates with (regular expressions)' })
  @ApiOkResponse({ type: IdentityPatternsDto })
  patterns(): IdentityPatternsDto {
    return identityPatterns();
  }

  @Get('counters')
  @Roles('reception', 'agent', 'supervisor', 'admin')
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: "The annex's counters (an agent picks one at sign-in)" })
  @ApiPageResponse(CounterDto)
  async counters(@Query() q: PageQuery, @CurrentUser() p: Principal): Promise<Page<CounterDto>> {
    return pageOf(await this.staff.counters(p), q, (c) => String(c.number));
  }
}
