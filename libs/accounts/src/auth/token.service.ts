import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { AccessTokenClaims, AppConfig, SessionCheck, Unauthorized } from '@app/core';
import { RefreshToken } from '../entities/refresh-token.entity';
import { TokenPairDto } from '../dto/token-pair.dto';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Short-lived access tokens and rotating refresh tokens. A refresh token is used once;
 * presenting a spent one means it was stolen or replayed, so its whole family is revoked.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionCheck,
  ) {}

  async issue(claims: AccessTokenClaims, familyId: string = randomUUID(), manager: EntityManager = this.db.manager): Promise<TokenPairDto> {
    const refreshToken = randomBytes(32).toString('base64url');
    await manager.insert(RefreshToken, {
      familyId,
      subjectId: claims.sub,
      subjectKind: claims.kind === 'citizen' ? 'citizen' : 'staff',
      tokenHash: sha256(refreshToken),
      counter: claims.counter,
      expiresAt: new Date(Date.now() + this.config.REFRESH_TTL_DAYS * 86_400_000),
    });
    const accessToken = await this.jwt.signAsync({ ...claims, sid: familyId });
    return { accessToken, refreshToken, expiresIn: this.config.JWT_ACCESS_TTL_SECONDS, tokenType: 'Bearer' };
  }

  /** Whose refresh token this is, without spending it. */
  holder(refreshToken: string): Promise<RefreshToken | null> {
    return this.db.manager.findOne(RefreshToken, { where: { tokenHash: sha256(refreshToken) } });
  }

  /** Spends a refresh token; returns the row so the caller can re-read the account. */
  async spend(refreshToken: string): Promise<RefreshToken> {
    const m = this.db.manager;
    const row = await m.findOne(RefreshToken, { where: { tokenHash: sha256(refreshToken) } });
    if (!row) throw new Unauthorized('Unknown refresh token');
    // One atomic statement: of two concurrent uses of one token, exactly one succeeds.
    const spent = await m
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ usedAt: () => 'now()' })
      .where({ id: row.id, usedAt: IsNull(), revokedAt: IsNull() })
      .andWhere('expires_at > now()')
      .execute();
    if (spent.affected === 1) return row;
    if (row.usedAt || row.revokedAt || (await m.exists(RefreshToken, { where: { id: row.id, usedAt: Not(IsNull()) } }))) {
      await this.revokeFamily(row.familyId);
      throw new Unauthorized('Refresh token reuse detected: every session of this login was signed out');
    }
    throw new Unauthorized('Refresh token expired');
  }

  async revokeFamily(familyId: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.update(RefreshToken, { familyId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    this.sessions.forgetSession(familyId);
  }

  /** Logout: revokes the family of the presented token (silently if unknown). */
  async revoke(refreshToken: string): Promise<void> {
    const row = await this.db.manager.findOne(RefreshToken, { where: { tokenHash: sha256(refreshToken) } });
    if (row) await this.revokeFamily(row.familyId);
  }

  /** Every session of an account (password change, disabled account). */
  async revokeSubject(subjectId: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.update(RefreshToken, { subjectId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    this.sessions.forgetSubject(subjectId);
  }
}
