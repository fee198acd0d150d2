import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { ApiPageResponse, CurrentUser, MultipartSource, Page, PageQuery, Principal, Roles } from '@app/core';
import { AttachmentsService } from './attachments.service';
import { AttachmentDto } from './dto/attachment.dto';

const ID = { name: 'id', format: 'uuid' };

@ApiTags('requests')
@ApiBearerAuth('bearer')
@Roles('citizen', 'reception', 'agent', 'supervisor', 'admin')
@Controller('requests/:id/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post()
  @ApiOperation({ summary: 'Attach a document (PDF, JPEG or PNG, checked from its content); answers a request waiting for information' })
  @ApiParam(ID)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { documentCode: { type: 'string', example: 'PROOF_OF_ADDRESS' }, file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not multipart, or the content is not a PDF, JPEG or PNG' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than UPLOAD_MAX_BYTES' })
  @ApiNotFoundResponse()
  upload(@Param('id', ParseUUIDPipe) id: string, @Req() req: MultipartSource, @CurrentUser() user: Principal): Promise<AttachmentDto> {
    return this.attachments.upload(id, req, user);
  }

  @Get()
  @ApiOperation({ summary: "A request's documents (owner and staff)" })
  @ApiParam(ID)
  @ApiPageResponse(AttachmentDto)
  @ApiNotFoundResponse()
  list(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery, @CurrentUser() user: Principal): Promise<Page<AttachmentDto>> {
    return this.attachments.list(id, query, user);
  }

  @Get(':attachmentId')
  @ApiOperation({ summary: 'Download one document (owner and staff)' })
  @ApiParam(ID)
  @ApiParam({ name: 'attachmentId', format: 'uuid' })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse()
  download(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
    @CurrentUser() user: Principal,
  ): Promise<StreamableFile> {
    return this.attachments.download(id, attachmentId, user);
  }
}
