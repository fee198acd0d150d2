import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiPageResponse, CurrentUser, Page, PageQuery, Principal, Roles } from '@app/core';
import { ApiKeyDto } from '../dto/api-key.dto';
import { CreatePartnerDto } from '../dto/create-partner.dto';
import { IssuedKeyDto } from '../dto/issued-key.dto';
import { PartnerCreatedDto } from '../dto/partner-created.dto';
import { PartnerDto } from '../dto/partner.dto';
import { PartnersService } from './partners.service';

const ID = { name: 'id', format: 'uuid', description: 'Partner id' };

@ApiTags('interop')
@ApiBearerAuth('bearer')
@ApiUnauthorizedResponse({ description: 'No or invalid credentials' })
@ApiForbiddenResponse({ description: 'Not an admin' })
@Roles('admin')
@Controller('partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Post()
  @ApiOperation({
    summary: 'Register a partner system and issue its first API key (admin)',
    description:
      'The answer carries `apiKey`, shown this once: only its SHA-256 hash is stored. The partner sends it as `Authorization: ApiKey <apiKey>`.',
  })
  @ApiCreatedResponse({ type: PartnerCreatedDto })
  @ApiBadRequestResponse({ description: 'Invalid body (problem+json naming the field)' })
  create(@Body() dto: CreatePartnerDto, @CurrentUser() user: Principal): Promise<PartnerCreatedDto> {
    return this.partners.create(dto, user);
  }

  @Get()
  @ApiOperation({ summary: 'List partner systems, newest first (admin)' })
  @ApiPageResponse(PartnerDto)
  list(@Query() q: PageQuery): Promise<Page<PartnerDto>> {
    return this.partners.list(q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One partner with its keys (prefixes and status only) (admin)' })
  @ApiParam(ID)
  @ApiOkResponse({ type: PartnerDto })
  @ApiNotFoundResponse()
  get(@Param('id', ParseUUIDPipe) id: string): Promise<PartnerDto> {
    return this.partners.get(id);
  }

  @Post(':id/keys')
  @ApiOperation({
    summary: "Issue or rotate the partner's API key (admin)",
    description:
      "Issues a new key (shown once). The partner's previous keys keep working for the overlap window (PARTNER_KEY_OVERLAP_HOURS, 24 h by default), then expire.",
  })
  @ApiParam(ID)
  @ApiCreatedResponse({ type: IssuedKeyDto })
  @ApiNotFoundResponse()
  rotate(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: Principal): Promise<IssuedKeyDto> {
    return this.partners.rotate(id, user);
  }

  @Delete(':id/keys/:keyId')
  @ApiOperation({ summary: 'Revoke an API key at once (admin); its next call gets 401' })
  @ApiParam(ID)
  @ApiParam({ name: 'keyId', format: 'uuid' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse()
  revoke(@Param('id', ParseUUIDPipe) id: string, @Param('keyId', ParseUUIDPipe) keyId: string): Promise<ApiKeyDto> {
    return this.partners.revoke(id, keyId);
  }
}
