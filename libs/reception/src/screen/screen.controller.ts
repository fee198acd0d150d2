import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { AccessTokenClaims, Forbidden, Public, SessionCheck, Unauthorized } from '@app/core';

/** Who may open the stream: the display device, and staff previewing it. */
const SCREEN_ROLES = ['display', 'reception', 'supervisor', 'admin'];
import { ScreenBus, SCREEN_TOPIC } from './screen-bus';

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
  @ApiOperation({
    summary: 'Display device (also reception, supervisor, admin of an annex): server-sent events (ticket.called, signage.changed)',
  })
  @ApiQuery({ name: 'access_token', required: false, description: "The display device's access token (or an Authorization header)" })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream' })
  async stream(
    @Query('access_token') token: string | undefined,
    @Req() req: { headers: Record<string, string | undefined> },
    @Res() reply: any,
  ): Promise<void> {
    const raw = token ?? req.headers.authorization?.replace(/^Bearer /i, '');
    const verified = raw ? await this.jwt.verifyAsync<AccessTokenClaims>(raw).catch(() => null) : null;
    // The same session check as the guard's: a signed-out or disabled device stops at once.
    const claims = verified?.sid && (await this.sessions.isLive(verified.sid, verified.sub)) ? verified : null;
    if (!claims) throw new Unauthorized('A display device token is required');
    // A valid account that may not watch the screen is refused, not asked to sign in again.
    if (!SCREEN_ROLES.includes(claims.role) || !claims.annexId)
      throw new Forbidden('Only a display device, reception or a supervisor/admin of an annex may open the screen stream');
    await this.bus.live.serve(reply, {
      topic: SCREEN_TOPIC,
      annexId: claims.annexId,
      frame: (e) => `event: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`,
    });
  }
}
