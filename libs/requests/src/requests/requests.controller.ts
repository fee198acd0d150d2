import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiSecurity,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ApiPageResponse, CurrentUser, LowPriority, Page, PageQuery, Principal, Roles, Scopes } from '@app/core';
import { RequestEventDto } from './dto/request-event.dto';
import { RequestQueryDto } from './dto/request-query.dto';
import { RequestDto } from './dto/request.dto';
import { RequestListItemDto } from './dto/request-list-item.dto';
import { SubmitRequestDto } from './dto/submit-request.dto';
import { TakeoverDto } from './dto/takeover.dto';
import { TransitionDto } from './dto/transition.dto';
import { RequestsService } from './requests.service';
import { RequestTransitions } from './transitions.service';

const ID = { name: 'id', format: 'uuid' };

@ApiTags('requests')
@ApiBearerAuth('bearer')
@Controller('requests')
export class RequestsController {
  constructor(
    private readonly requests: RequestsService,
    private readonly transitions: RequestTransitions,
  ) {}

  @Post()
  @Roles('citizen', 'kiosk', 'reception', 'agent', 'partner')
  @Scopes('requests:create')
  @ApiSecurity('apiKey')
  @ApiOperation({ summary: 'Submit a request (any channel); staff, kiosk and partners pass citizenId' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Required on web, kiosk and counter: a repeated submission returns the same request',
  })
  @ApiCreatedResponse({ type: RequestDto, description: 'Created' })
  @ApiOkResponse({ type: RequestDto, description: 'Replay of an earlier submission with the same Idempotency-Key' })
  @ApiBadRequestResponse({ description: 'Invalid body or form (errors name `form.<key>`), missing Idempotency-Key' })
  @ApiUnprocessableEntityResponse({ description: 'The Idempotency-Key was used with a different body' })
  @ApiForbiddenResponse()
  async submit(
    @Body() dto: SubmitRequestDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
  ): Promise<RequestDto> {
    const { created, request } = await this.requests.submit(dto, key, user);
    reply.status(created ? 201 : 200);
    return request;
  }

  @LowPriority({ staffOnly: true })
  @Get()
  @Roles('citizen', 'reception', 'agent', 'supervisor', 'admin')
  @ApiOperation({
    summary:
      "Citizen: their own requests (newest first). Staff: the annex's queue by SLA due time (open requests unless ?state=); answers 304 to If-None-Match when the queue has not changed",
  })
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: "Staff: the ETag of an earlier answer; 304 when nothing in the caller's view changed since",
  })
  @ApiPageResponse(RequestListItemDto)
  @ApiResponse({ status: 304, description: 'Not modified (staff queue, If-None-Match matched)' })
  @ApiBadRequestResponse()
  async list(
    @Query() query: RequestQueryDto,
    @CurrentUser() user: Principal,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: { status(code: number): unknown; header(name: string, value: string): unknown },
  ): Promise<Page<RequestListItemDto> | undefined> {
    // Read before the rows: a change committed in between gives the next call a new tag, never a stale 304.
    const tag = await this.requests.queueTag(query, user);
    if (tag) {
      reply.header('etag', tag);
      if (ifNoneMatch?.split(',').some((t) => t.trim() === tag)) {
        reply.status(304);
        return undefined;
      }
    }
    return this.requests.list(query, user);
  }

  @Get(':id')
  @Roles('citizen', 'reception', 'agent', 'supervisor', 'admin', 'partner')
  @Scopes('dossiers:read')
  @ApiSecurity('apiKey')
  @ApiOperation({ summary: 'One request (its owner, or staff of its annex)' })
  @ApiParam(ID)
  @ApiOkResponse({ type: RequestDto })
  @ApiNotFoundResponse({ description: 'Unknown, or not yours' })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: Principal): Promise<RequestDto> {
    return this.requests.get(id, user);
  }

  @Get(':id/events')
  @Roles('citizen', 'reception', 'agent', 'supervisor', 'admin', 'partner')
  @Scopes('dossiers:read')
  @ApiSecurity('apiKey')
  @ApiOperation({ summary: 'The timeline: public entries for the owner, all of them for staff' })
  @ApiParam(ID)
  @ApiPageResponse(RequestEventDto)
  @ApiNotFoundResponse({ description: 'Unknown, or not yours' })
  events(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQuery,
    @CurrentUser() user: Principal,
  ): Promise<Page<RequestEventDto>> {
    return this.requests.events(id, query, user);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOperation({ summary: 'Assign to me (a submitted request goes into review); of two concurrent claims exactly one wins' })
  @ApiParam(ID)
  @ApiOkResponse({ type: RequestDto })
  @ApiConflictResponse({ description: 'Already taken, or not in a claimable state' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse()
  claim(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: Principal): Promise<RequestDto> {
    return this.transitions.claim(id, user);
  }

  @Post(':id/takeover')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Take over a request another agent holds (the reason is recorded on the timeline)' })
  @ApiParam(ID)
  @ApiOkResponse({ type: RequestDto })
  @ApiBadRequestResponse({ description: 'Missing reason or version' })
  @ApiConflictResponse({ description: 'version-conflict, or request/not-held (nobody else holds it: claim it)' })
  @ApiNotFoundResponse()
  takeover(@Param('id', ParseUUIDPipe) id: string, @Body() dto: TakeoverDto, @CurrentUser() user: Principal): Promise<RequestDto> {
    return this.transitions.takeover(id, dto, user);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('citizen', 'reception', 'agent', 'supervisor')
  @ApiOperation({ summary: 'Move a request to another state (roles per the state machine; send the version you saw)' })
  @ApiParam(ID)
  @ApiOkResponse({ type: RequestDto })
  @ApiBadRequestResponse({ description: 'Missing reason where one is required' })
  @ApiConflictResponse({
    description:
      'transition-not-allowed (names currentState), version-conflict (currentVersion, currentState) or request/held-by-another (names the holder)',
  })
  @ApiForbiddenResponse({ description: 'Your role may not make this transition' })
  @ApiNotFoundResponse()
  transition(@Param('id', ParseUUIDPipe) id: string, @Body() dto: TransitionDto, @CurrentUser() user: Principal): Promise<RequestDto> {
    return this.transitions.transition(id, dto, user);
  }
}
