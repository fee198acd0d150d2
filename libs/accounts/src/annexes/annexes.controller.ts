import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, CurrentUser, Page, PageQuery, pageOf, Principal, Roles } from '@app/core';
import {
  AnnexChecklistDto,
  AnnexCreate,
  AnnexDto,
  AnnexListQuery,
  AnnexPatch,
  CounterInput,
  NeighbourhoodImport,
  NeighbourhoodImportDto,
} from '../dto/annex.dto';
import { CounterDto } from '../dto/staff.dto';
import { AnnexesService } from './annexes.service';

const STAFF = ['reception', 'agent', 'supervisor', 'admin', 'kiosk', 'display'] as const;

@ApiTags('annexes')
@ApiBearerAuth('bearer')
@Controller('annexes')
export class AnnexesController {
  constructor(private readonly annexes: AnnexesService) {}

  @Get()
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Annexes: a province-wide admin sees every annex, other staff and devices their own' })
  @ApiPageResponse(AnnexDto)
  async list(@Query() q: AnnexListQuery, @CurrentUser() p: Principal): Promise<Page<AnnexDto>> {
    return pageOf(await this.annexes.list(p, q.status), q, (a) => a.id, 50);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create an annex (a draft: it opens once its checklist is complete)' })
  @ApiCreatedResponse({ type: AnnexDto })
  create(@Body() d: AnnexCreate, @CurrentUser() p: Principal): Promise<AnnexDto> {
    return this.annexes.create(d, p);
  }

  @Get(':id')
  @Roles(...STAFF)
  @ApiOperation({ summary: 'One annex and its identity' })
  @ApiOkResponse({ type: AnnexDto })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<AnnexDto> {
    return this.annexes.get(id, p);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: "Edit an annex's identity, opening hours or disabled procedures" })
  @ApiOkResponse({ type: AnnexDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() d: AnnexPatch, @CurrentUser() p: Principal): Promise<AnnexDto> {
    return this.annexes.update(id, d, p);
  }

  @Post(':id/neighbourhoods')
  @Roles('admin')
  @ApiOperation({ summary: "Import the annex's neighbourhoods from CSV (code,nameAr,nameFr)" })
  @ApiOkResponse({ type: NeighbourhoodImportDto })
  @HttpCode(200)
  importNeighbourhoods(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() d: NeighbourhoodImport,
    @CurrentUser() p: Principal,
  ): Promise<NeighbourhoodImportDto> {
    return this.annexes.importNeighbourhoods(id, d, p);
  }

  @Get(':id/counters')
  @Roles('admin')
  @ApiOperation({ summary: "The annex's counters and the service groups each serves" })
  @ApiPageResponse(CounterDto)
  async counters(@Param('id', ParseUUIDPipe) id: string, @Query() q: PageQuery, @CurrentUser() p: Principal): Promise<Page<CounterDto>> {
    return pageOf(await this.annexes.counters(id, p), q, (c) => String(c.number), 100);
  }

  @Put(':id/counters')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a counter, or change the label and service groups of the counter with that number' })
  @ApiOkResponse({ type: CounterDto })
  putCounter(@Param('id', ParseUUIDPipe) id: string, @Body() d: CounterInput, @CurrentUser() p: Principal): Promise<CounterDto> {
    return this.annexes.putCounter(id, d, p);
  }

  @Get(':id/checklist')
  @Roles('admin')
  @ApiOperation({ summary: 'What the annex still lacks before it can open' })
  @ApiOkResponse({ type: AnnexChecklistDto })
  checklist(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<AnnexChecklistDto> {
    return this.annexes.checklist(id, p);
  }

  @Post(':id/open')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open the annex (province-wide admin; 409 while its checklist is incomplete)' })
  @ApiOkResponse({ type: AnnexDto })
  open(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<AnnexDto> {
    return this.annexes.open(id, p);
  }
}
