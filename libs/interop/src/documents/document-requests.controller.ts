import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles, Scopes } from '@app/core';
import { DocumentAnswerDto, DocumentRequestDto } from './document-request.dto';
import { DocumentRequestsService } from './document-requests.service';

@ApiTags('interop')
@ApiSecurity('apiKey')
@Roles('partner')
@Scopes('dossiers:update')
@Controller('interop/document-requests')
export class DocumentRequestsController {
  constructor(private readonly documents: DocumentRequestsService) {}

  @Get()
  @ApiOperation({ summary: "Documents the partner's agency is asked for (law 55-19: the administration obtains them), oldest first" })
  @ApiOkResponse({ type: [DocumentRequestDto] })
  pending(@CurrentUser() p: Principal): Promise<DocumentRequestDto[]> {
    return this.documents.pending(p);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Provide the document (its reference); the request goes on without the citizen uploading it' })
  @ApiOkResponse({ type: DocumentRequestDto })
  @ApiNotFoundResponse({ description: 'Unknown, or asked of another agency' })
  @ApiConflictResponse({ description: 'document-already-received' })
  answer(@Param('id', ParseUUIDPipe) id: string, @Body() dto: DocumentAnswerDto, @CurrentUser() p: Principal): Promise<DocumentRequestDto> {
    return this.documents.answer(id, dto.reference, p);
  }
}
