import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { ApiPageResponse, CurrentUser, MultipartSource, Page, PageQuery, Principal, Public, Roles } from '@app/core';
import { MEDIA_TYPES, SignageMediaDto } from './dto/signage-media.dto';
import { RawReply, SignageMediaService } from './signage-media.service';

@ApiTags('reception')
@Controller('signage/media')
export class SignageMediaController {
  constructor(private readonly media: SignageMediaService) {}

  @Post()
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({
    summary: 'Upload a screen video, image or spoken prompt (PNG, JPEG, WebP, MP4, WebM, MP3, Ogg, WAV; checked from the content)',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: SignageMediaDto })
  upload(@Req() req: MultipartSource, @CurrentUser() p: Principal): Promise<SignageMediaDto> {
    return this.media.upload(req, p);
  }

  @Get()
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: "The annex's screen media" })
  @ApiPageResponse(SignageMediaDto)
  list(@Query() q: PageQuery, @CurrentUser() p: Principal): Promise<Page<SignageMediaDto>> {
    return this.media.list(q, p);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'A screen file (public: the screens play it); honours Range for videos' })
  @ApiProduces(...MEDIA_TYPES)
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  async file(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: { headers: Record<string, string | undefined> },
    @Res() reply: RawReply,
  ): Promise<void> {
    await this.media.send(id, req.headers.range, reply);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: 'Remove a screen file' })
  @ApiNoContentResponse()
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<void> {
    return this.media.remove(id, p);
  }
}
