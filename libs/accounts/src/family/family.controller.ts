import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
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
import { DependentConfirmInput, DependentDto, FamilyQuery, MandateDto, PaperMandateInput } from './dto/family.dto';
import { MandatesService } from './mandates.service';

const ID = { name: 'id', format: 'uuid' };

/**
 * The counter's side: confirm a dependent, record a paper mandate, see a citizen's family (recorded).
 * A citizen's own family routes (/me/dependents, /me/mandates) are in the one /me controller
 * (`me.controller.ts`), which calls the same DependentsService and MandatesService.
 */
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
