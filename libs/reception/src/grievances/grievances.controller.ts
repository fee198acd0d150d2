import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ApiPageResponse, CurrentUser, MultipartSource, Page, PageQuery, Principal, Public, PublicLookupThrottle, Roles } from '@app/core';
import { GrievanceCreate, GrievanceDto, GrievancePhotoDto, GrievancePublication, GrievanceResponseCreate } from './dto/grievance.dto';
import { GrievancePhotosService, MAX_PHOTOS, PHOTO_TYPES } from './grievance-photos.service';
import { GrievancesService } from './grievances.service';

@ApiTags('grievances')
@Controller('grievances')
export class GrievancesController {
  constructor(
    private readonly grievances: GrievancesService,
    private readonly photos: GrievancePhotosService,
  ) {}

  @Post()
  @Public()
  @PublicLookupThrottle()
  @ApiOperation({
    summary:
      'File a grievance, observation or proposal (signed in, at reception, or anonymously with a phone); publicConsent says whether it may appear in the public Open311 feed',
  })
  @ApiCreatedResponse({ type: GrievanceDto })
  file(@Body() d: GrievanceCreate, @CurrentUser() p?: Principal): Promise<GrievanceDto> {
    return this.grievances.file(d, p);
  }

  @Get()
  @ApiBearerAuth('bearer')
  @Roles('citizen', 'reception', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: "Grievances: one's own (citizen) or the annex's (staff), newest first" })
  @ApiPageResponse(GrievanceDto)
  list(@Query() q: PageQuery, @CurrentUser() p: Principal): Promise<Page<GrievanceDto>> {
    return this.grievances.list(p, q);
  }

  @Get(':id')
  @ApiBearerAuth('bearer')
  @Roles('citizen', 'reception', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'A grievance and its timeline of responses' })
  @ApiOkResponse({ type: GrievanceDto })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<GrievanceDto> {
    return this.grievances.get(id, p);
  }

  @Post(':id/publication')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Publish a grievance in the Open311 feed (public interest) or withdraw it, whatever the filer chose' })
  @ApiOkResponse({ type: GrievanceDto })
  publish(@Param('id', ParseUUIDPipe) id: string, @Body() d: GrievancePublication, @CurrentUser() p: Principal): Promise<GrievanceDto> {
    return this.grievances.publish(id, d, p);
  }

  @Post(':id/responses')
  @ApiBearerAuth('bearer')
  @Roles('reception', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Answer a grievance; the citizen is notified' })
  @ApiCreatedResponse({ type: GrievanceDto })
  respond(@Param('id', ParseUUIDPipe) id: string, @Body() d: GrievanceResponseCreate, @CurrentUser() p: Principal): Promise<GrievanceDto> {
    return this.grievances.respond(id, d, p);
  }

  @Post(':id/photos')
  @Public()
  @ApiSecurity('bearer')
  @ApiHeader({ name: 'X-Grievance-Token', required: false, description: 'Filed without an account: the photoToken the filing answered' })
  @ApiOperation({ summary: `Add a photo (JPEG or PNG, at most ${MAX_PHOTOS}) to a grievance` })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: GrievancePhotoDto })
  addPhoto(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: MultipartSource,
    @Headers('x-grievance-token') token: string | undefined,
    @CurrentUser() p?: Principal,
  ): Promise<GrievancePhotoDto> {
    return this.photos.add(id, req, p, token);
  }

  @Get(':id/photos/:photoId')
  @Roles('citizen', 'reception', 'agent', 'supervisor', 'admin')
  @ApiSecurity('bearer')
  @ApiOperation({ summary: 'A photo of a grievance (its citizen and the annex staff)' })
  @ApiProduces(...PHOTO_TYPES)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  downloadPhoto(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('photoId', ParseUUIDPipe) photoId: string,
    @CurrentUser() p: Principal,
  ): Promise<StreamableFile> {
    return this.photos.download(id, photoId, p);
  }
}
