import { Controller, Get, Headers, Param, ParseUUIDPipe, Post, Req, StreamableFile } from '@nestjs/common';
import {
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
import { MultipartSource } from '@app/requests';
import { CurrentUser, Principal, Public, Roles } from '@app/core';
import { GrievancePhotoDto } from './dto/grievance.dto';
import { GrievancePhotosService, MAX_PHOTOS } from './grievance-photos.service';

@ApiTags('grievances')
@Controller('grievances/:id/photos')
export class GrievancePhotosController {
  constructor(private readonly photos: GrievancePhotosService) {}

  @Post()
  @Public()
  @ApiSecurity('bearer')
  @ApiHeader({ name: 'X-Grievance-Token', required: false, description: 'Filed without an account: the photoToken the filing answered' })
  @ApiOperation({ summary: `Add a photo (JPEG or PNG, at most ${MAX_PHOTOS}) to a grievance` })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: GrievancePhotoDto })
  add(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: MultipartSource,
    @Headers('x-grievance-token') token: string | undefined,
    @CurrentUser() p?: Principal,
  ): Promise<GrievancePhotoDto> {
    return this.photos.add(id, req, p, token);
  }

  @Get(':photoId')
  @Roles('citizen', 'reception', 'agent', 'supervisor', 'admin')
  @ApiSecurity('bearer')
  @ApiOperation({ summary: 'A photo of a grievance (its citizen and the annex staff)' })
  @ApiProduces('image/jpeg', 'image/png')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  download(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('photoId', ParseUUIDPipe) photoId: string,
    @CurrentUser() p: Principal,
  ): Promise<StreamableFile> {
    return this.photos.download(id, photoId, p);
  }
}
