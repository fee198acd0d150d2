import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { preparedQuery } from '../database/prepared';

/**
 * Is an access token's session still live? A session is a refresh-token family: logout, a
 * detected reuse, a disabled account or a role change revoke it in PostgreSQL, and the next
 * request with any access token of it gets a 401. Live answers are cached in this process for
 * SESSION_CACHE_MS (default 5 s), so the check costs one indexed query per session and period;
 * revocations made by this process drop the entry at once, those of another instance take
 * effect within the cache period. Never Redis: the check must not depend on it.
 */
@Injectable()
export class SessionCheck {
  private readonly live = new Map<string, { subject: string; until: number }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  async isLive(sessionId: string, subjectId: string): Promise<boolean> {
    const now = Date.now();
    const hit = this.live.get(sessionId);
    if (hit && hit.until > now && hit.subject === subjectId) return true;
    const [row] = await preparedQuery(
      this.db,
      `SELECT EXISTS (SELECT 1 FROM refresh_token WHERE family_id = $1 AND subject_id = $2 AND revoked_at IS NULL AND expires_at > now()) AS live`,
      [sessionId, subjectId],
    );
    if (!row?.live) {
      this.live.delete(sessionId);
      return false;
    }
    if (this.live.size > 50_000) this.live.clear();
    this.live.set(sessionId, { subject: subjectId, until: now + this.config.SESSION_CACHE_MS });
    return true;
  }

  /** A session was revoked here: forget it now rather than at the end of the cache period. */
  forgetSession(sessionId: string): void {
    this.live.delete(sessionId);
  }

  /** Every session of an account was revoked (disabled, password or role changed). */
  forgetSubject(subjectId: string): void {
    for (const [sid, v] of this.live) if (v.subject === subjectId) this.live.delete(sid);
  }
}
