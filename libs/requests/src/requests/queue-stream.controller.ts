import { createHmac } from 'node:crypto';
import { Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, CurrentUser, Forbidden, LiveBus, Principal, Public, Roles, SessionCheck, Unauthorized } from '@app/core';
import { isStaff } from './access';
import { QUEUE_TOPIC, QueueChange } from './queue-feed';
import { RequestsRepository } from './requests.repository';
import { RequestsService } from './requests.service';

const TICKET_SECONDS = 60;

export class StreamTicketDto {
  @ApiProperty({ description: 'Opens GET /requests/stream once within expiresIn seconds (EventSource cannot send a header)' })
  ticket: string;
  @ApiProperty({ example: TICKET_SECONDS }) expiresIn: number;
}

interface TicketClaims {
  sub: string;
  sid?: string;
  annexId: string;
  /** The agent's role and counter: the moves each pushed row offers are theirs. */
  role: Principal['role'];
  counter?: number | null;
}

/**
 * The agents' queue, pushed: server-sent events of the annex's changed requests (new, state,
 * assignee, SLA badge), each with its queue row. Fed by PostgreSQL's notifications at commit,
 * relayed by the worker to the live bus (Redis pub/sub), so every API instance's streams get them.
 */
@ApiTags('requests')
@Controller('requests')
export class QueueStreamController {
  /** A key of its own: a ticket is never an access token, nor an access token a ticket. */
  private readonly secret: string;

  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionCheck,
    private readonly bus: LiveBus,
    private readonly repo: RequestsRepository,
    private readonly requests: RequestsService,
    config: AppConfig,
  ) {
    this.secret = createHmac('sha256', config.JWT_SECRET).update('queue-stream-ticket').digest('base64');
  }

  @Post('stream-ticket')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @Roles('reception', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: "Staff of an annex: a short-lived ticket that opens the queue's event stream" })
  @ApiOkResponse({ type: StreamTicketDto })
  async ticket(@CurrentUser() p: Principal): Promise<StreamTicketDto> {
    if (!isStaff(p) || !p.annexId) throw new Forbidden('Only staff of an annex may follow its queue');
    const claims: TicketClaims = { sub: p.id, sid: p.sessionId, annexId: p.annexId, role: p.role, counter: p.counter };
    return { ticket: await this.jwt.signAsync(claims, { secret: this.secret, expiresIn: TICKET_SECONDS }), expiresIn: TICKET_SECONDS };
  }

  @Get('stream')
  @Public()
  @ApiOperation({
    summary:
      'Staff of an annex: server-sent events of its queue (event `request`: the changed row and the queue version as the event id; `resync`: reload the list). Last-Event-ID (or ?lastEventId=) older than the queue: a resync first',
  })
  @ApiQuery({ name: 'ticket', required: false, description: 'From POST /requests/stream-ticket' })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'The last event id seen (a new EventSource cannot send Last-Event-ID)' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream' })
  async stream(
    @Query('ticket') ticket: string | undefined,
    @Query('lastEventId') lastQuery: string | undefined,
    @Headers('last-event-id') lastHeader: string | undefined,
    @Res() reply: any,
  ): Promise<void> {
    const claims = ticket ? await this.jwt.verifyAsync<TicketClaims>(ticket, { secret: this.secret }).catch(() => null) : null;
    // The guard's session check: a signed-out or disabled account's ticket opens nothing.
    if (!claims?.sid || !(await this.sessions.isLive(claims.sid, claims.sub)))
      throw new Unauthorized('A stream ticket (POST /requests/stream-ticket) is required');
    const caller: Principal = {
      id: claims.sub,
      kind: 'staff',
      role: claims.role,
      annexId: claims.annexId,
      counter: claims.counter ?? null,
      scopes: [],
      sessionId: claims.sid,
      channel: 'counter',
    };
    const last = Number(lastHeader ?? lastQuery);
    let sent = 0;
    await this.bus.serve(reply, {
      topic: QUEUE_TOPIC,
      annexId: claims.annexId,
      // Read once listening: a change committed meanwhile comes as an event, none is lost.
      first: async () => {
        const version = Number(await this.repo.queueVersion(claims.annexId));
        sent = version;
        // Missed changes while away: reload once rather than replay them.
        const missed = Number.isFinite(last) && last > 0 && last < version;
        return `id: ${version}\nevent: ${missed ? 'resync' : 'ready'}\ndata: {"version":${version}}\n\n`;
      },
      frame: async (e) => {
        if (e.type === 'resync') return `event: resync\ndata: {}\n\n`;
        const change = e.data as unknown as QueueChange;
        if (change.version <= sent) return null;
        sent = change.version;
        const shared = await rowOnce(this.requests, change);
        const row = shared && (await shared.forCaller(caller));
        return row ? `id: ${change.version}\nevent: request\ndata: ${JSON.stringify({ version: change.version, request: row })}\n\n` : null;
      },
    });
  }
}

/** One query per change for all the streams a process serves (8 agents of an annex: one read, not 8). */
type SharedRow = Awaited<ReturnType<RequestsService['queueRow']>>;
const recentRows = new Map<string, Promise<SharedRow>>();
function rowOnce(requests: RequestsService, c: QueueChange): Promise<SharedRow> {
  const key = `${c.requestId}:${c.version}`;
  let row = recentRows.get(key);
  if (!row) {
    row = requests.queueRow(c.requestId).catch(() => null);
    recentRows.set(key, row);
    setTimeout(() => recentRows.delete(key), 5_000).unref();
  }
  return row;
}
