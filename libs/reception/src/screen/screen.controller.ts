import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { AccessTokenClaims, Forbidden, Public, SessionCheck, Unauthorized } from '@app/core';

/** Who may open the stream: the display device, and staff previewing it. */
const SCREEN_ROLES = ['display', 'reception', 'supervisor', 'admin'];
import { ScreenBus } from './screen-bus';

const HEARTBEAT_MS = 15_000;

/**
 * The waiting-room display: server-sent events of called tickets and signage changes.
 * EventSource cannot send headers, so the display's token may come as `?access_token=`.
 */
@ApiTags('reception')
@Controller('screen')
export class ScreenController {
  constructor(
    private readonly bus: ScreenBus,
    private readonly jwt: JwtService,
    private readonly sessions: SessionCheck,
  ) {}

  @Get('stream')
  @Public()
  @ApiOperation({ summary: 'Display device (also reception, supervisor, admin of an annex): server-sent events (ticket.called, signage.changed)' })
  @ApiQuery({ name: 'access_token', required: false, description: 'The display device\'s access token (or an Authorization header)' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream' })
  async stream(@Query('access_token') token: string | undefined, @Req() req: { headers: Record<string, string | undefined> }, @Res() reply: any): Promise<void> {
    const raw = token ?? req.headers.authorization?.replace(/^Bearer /i, '');
    const verified = raw ? await this.jwt.verifyAsync<AccessTokenClaims>(raw).catch(() => null) : null;
    // The same session check as the guard's: a signed-out or disabled device stops at once.
    const claims = verified?.sid && (await this.sessions.isLive(verified.sid, verified.sub)) ? verified : null;
    if (!claims) throw new Unauthorized('A display device token is required');
    // A valid account that may not watch the screen is refused, not asked to sign in again.
    if (!SCREEN_ROLES.includes(claims.role) || !claims.annexId) throw new Forbidden('Only a display device, reception or a supervisor/admin of an annex may open the screen stream');
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(`retry: 3000\n: connected\n\n`);
    const stop = await this.bus.listen(claims.annexId, (e) => res.write(`event: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`));
    const beat = setInterval(() => res.write(`: heartbeat\n\n`), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(beat);
      stop();
    });
  }
}
