import { Body, Controller, Get, Headers, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiPageResponse, CurrentUser, Principal, Public, Roles, sendSnapshot } from '@app/core';
import { CreateProcedureDto, ProcedureVersionInputDto } from './dto/procedure-input.dto';
import { NearestQueryDto, ProcedureQueryDto } from './dto/procedure-query.dto';
import { ProcedureDto } from './dto/procedure.dto';
import { ProceduresService } from './procedures.service';

const CODE = { name: 'code', example: 'RESIDENCE', description: 'Procedure code' };

@ApiTags('guide')
@Controller('procedures')
export class ProceduresController {
  constructor(private readonly procedures: ProceduresService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The digital guide: search procedures (ar/fr/en), filter by category' })
  @ApiPageResponse(ProcedureDto)
  @ApiBadRequestResponse({ description: 'Bad query parameter' })
  async list(
    @Query() query: ProcedureQueryDto,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: Parameters<typeof sendSnapshot>[2],
  ): Promise<Buffer | undefined> {
    return sendSnapshot(await this.procedures.listSnapshot(query), ifNoneMatch, reply, 'public, max-age=30');
  }

  @Get('nearest')
  @Public()
  @ApiOperation({ summary: 'For a search that found nothing: the nearest procedures (misspellings, other forms), best first' })
  @ApiOkResponse({ type: [ProcedureDto] })
  @ApiBadRequestResponse({ description: 'q missing or too long' })
  nearest(@Query() query: NearestQueryDto): Promise<ProcedureDto[]> {
    return this.procedures.nearest(query.q);
  }

  @Get(':code')
  @Public()
  @ApiOperation({ summary: 'One procedure of the guide, at its current version' })
  @ApiParam(CODE)
  @ApiOkResponse({ type: ProcedureDto })
  @ApiNotFoundResponse()
  get(@Param('code') code: string): Promise<ProcedureDto> {
    return this.procedures.get(code);
  }

  @Post()
  @Roles('admin')
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'Add a procedure to the guide (version 1)' })
  @ApiCreatedResponse({ type: ProcedureDto })
  @ApiBadRequestResponse({ description: 'Invalid definition (each error names its field)' })
  @ApiConflictResponse({ description: 'The code already exists' })
  @ApiForbiddenResponse({ description: 'Admins only' })
  create(@Body() dto: CreateProcedureDto, @CurrentUser() user: Principal): Promise<ProcedureDto> {
    return this.procedures.create(dto, user);
  }

  @Put(':code')
  @Roles('admin')
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'Edit a procedure: writes its next version (requests keep the version they were made under)' })
  @ApiParam(CODE)
  @ApiOkResponse({ type: ProcedureDto })
  @ApiBadRequestResponse({ description: 'Invalid definition (each error names its field)' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'Admins only' })
  update(@Param('code') code: string, @Body() dto: ProcedureVersionInputDto, @CurrentUser() user: Principal): Promise<ProcedureDto> {
    return this.procedures.update(code, dto, user);
  }
}
