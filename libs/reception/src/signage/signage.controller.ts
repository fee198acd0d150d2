import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, CurrentUser, NotFound, Page, PageQuery, pageOf, Principal, Public, Roles } from '@app/core';
import { SignageDto, SignageInput } from './dto/signage.dto';
import { SignageService } from './signage.service';

@ApiTags('reception')
@Controller('signage')
export class SignageController {
  constructor(private readonly signage: SignageService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'What the screens show now (public)' })
  @ApiPageResponse(SignageDto)
  async list(@Query() q: PageQuery, @CurrentUser() p?: Principal): Promise<Page<SignageDto>> {
    return pageOf(await this.signage.current(p), q, (s) => s.id);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One item the screens show now (public)' })
  @ApiOkResponse({ type: SignageDto })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p?: Principal): Promise<SignageDto> {
    const item = (await this.signage.current(p)).find((s) => s.id === id);
    if (!item) throw new NotFound('Signage item');
    return item;
  }

  @Post()
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a screen item' })
  @ApiCreatedResponse({ type: SignageDto })
  create(@Body() d: SignageInput, @CurrentUser() p: Principal): Promise<SignageDto> {
    return this.signage.save(d, p);
  }

  @Put(':id')
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace a screen item' })
  @ApiOkResponse({ type: SignageDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() d: SignageInput, @CurrentUser() p: Principal): Promise<SignageDto> {
    return this.signage.save(d, p, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: 'Remove a screen item' })
  @ApiNoContentResponse()
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<void> {
    return this.signage.remove(id, p);
  }
}
