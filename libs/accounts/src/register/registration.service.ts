import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, DomainError, Principal } from '@app/core';
import { hashPassword } from '../auth/passwords';
import { TokenService } from '../auth/token.service';
import { CitizenInput } from '../dto/citizen.dto';
import { ClaimStartedDto, KioskStartedDto, KioskTokenDto, SignupStartedDto } from '../dto/signup.dto';
import { TokenPairDto } from '../dto/token-pair.dto';
import { CitizensService } from './citizens.service';
import { CODE_TTL_MS, OneTimeCodes } from './one-time-codes';

/** Kiosk sessions are short: the touchscreen forgets the citizen. */
const KIOSK_TOKEN_SECONDS = 300;

/** Self sign-up, the claim of an assisted account, and a citizen's sign-in at the kiosk: all by SMS code. */
@Injectable()
export class RegistrationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly codes: OneTimeCodes,
    private readonly citizens: CitizensService,
    private readonly tokens: TokenService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async startSignup(d: CitizenInput): Promise<SignupStartedDto> {
    return this.db.transaction(async (m) => {
      await this.codes.admit(m, { purpose: 'signup', phone: d.phone, cin: d.cin });
      const [annex] = await m.query(`SELECT annex_id AS id FROM neighbourhood WHERE id = $1`, [d.neighbourhoodId]);
      // Refuse now what the verification would refuse (unknown neighbourhood); write only the code.
      try {
        await this.citizens.assertInsertable(m, annex?.id ?? null, d);
      } catch (e) {
        // A CIN already registered gets the answer any sign-up gets, and no SMS: a stranger
        // cannot learn from this route who has an account; the owner signs in or resets.
        if (e instanceof DomainError && e.code === 'duplicate-cin')
          return { signupId: randomUUID(), expiresAt: new Date(Date.now() + CODE_TTL_MS).toISOString() };
        throw e;
      }
      const code = await this.codes.issue(m, {
        purpose: 'signup',
        subjectId: null,
        payload: { ...d, annexId: annex.id },
        phone: d.phone,
        language: d.preferredLanguage,
      });
      return { signupId: code.id, expiresAt: code.expiresAt.toISOString() };
    });
  }

  async verifySignup(signupId: string, code: string, password: string): Promise<TokenPairDto> {
    const hash = await hashPassword(password);
    return this.db.transaction(async (m) => {
      const { payload } = await this.codes.spend(m, signupId, 'signup', code);
      const { annexId, ...input } = payload as unknown as CitizenInput & { annexId: string };
      const c = await this.citizens.insert(m, annexId, input, { status: 'active', passwordHash: hash }, { id: null, role: 'citizen' });
      return this.tokens.issue({ sub: c.id, kind: 'citizen', role: 'citizen', annexId, counter: null }, undefined, m);
    });
  }

  /** Same answer whether or not the CIN and phone match an unclaimed account. */
  async startClaim(cin: string, phone: string): Promise<ClaimStartedDto> {
    return this.db.transaction(async (m) => {
      await this.codes.admit(m, { purpose: 'claim', phone, cin });
      const [c] = await m.query(`SELECT id, preferred_language FROM citizen WHERE cin = $1 AND phone = $2 AND status = 'unclaimed'`, [
        cin,
        phone,
      ]);
      if (!c) return { claimId: randomUUID(), expiresAt: new Date(Date.now() + CODE_TTL_MS).toISOString() };
      const code = await this.codes.issue(m, { purpose: 'claim', subjectId: c.id, phone, language: c.preferred_language });
      return { claimId: code.id, expiresAt: code.expiresAt.toISOString() };
    });
  }

  async verifyClaim(claimId: string, code: string, password: string): Promise<TokenPairDto> {
    const hash = await hashPassword(password);
    return this.db.transaction(async (m) => {
      const { subjectId } = await this.codes.spend(m, claimId, 'claim', code);
      const [[c]] = await m.query(
        `UPDATE citizen SET password_hash = $2, status = 'active', updated_at = now() WHERE id = $1 AND status = 'unclaimed' RETURNING id, annex_id`,
        [subjectId, hash],
      );
      await m.query(
        `INSERT INTO citizen_change (citizen_id, actor_id, actor_role, field, old_value, new_value) VALUES ($1, $1, 'citizen', 'status', 'unclaimed', 'active')`,
        [c.id],
      );
      return this.tokens.issue({ sub: c.id, kind: 'citizen', role: 'citizen', annexId: c.annex_id, counter: null }, undefined, m);
    });
  }

  async startKiosk(cin: string, kiosk: Principal): Promise<KioskStartedDto> {
    return this.db.transaction(async (m) => {
      const [c] = await m.query(
        `SELECT id, phone, preferred_language FROM citizen WHERE cin = $1 AND status IN ('active', 'unclaimed') AND annex_id = $2`,
        [cin, kiosk.annexId],
      );
      await this.codes.admit(m, { purpose: 'kiosk', cin, phone: c?.phone ?? null });
      // The same answer for a known and an unknown CIN (no masked phone): the SMS tells the owner.
      if (!c) return { sessionId: randomUUID(), expiresAt: new Date(Date.now() + CODE_TTL_MS).toISOString(), maskedPhone: null };
      const code = await this.codes.issue(m, { purpose: 'kiosk', subjectId: c.id, phone: c.phone, language: c.preferred_language });
      return { sessionId: code.id, expiresAt: code.expiresAt.toISOString(), maskedPhone: null };
    });
  }

  async verifyKiosk(sessionId: string, code: string): Promise<KioskTokenDto> {
    return this.db.transaction(async (m) => {
      const { subjectId } = await this.codes.spend(m, sessionId, 'kiosk', code);
      const [c] = await m.query(`SELECT id, annex_id FROM citizen WHERE id = $1`, [subjectId]);
      const accessToken = await this.jwt.signAsync(
        { sub: c.id, kind: 'citizen', role: 'citizen', annexId: c.annex_id, counter: null, channel: 'kiosk' },
        { expiresIn: Math.min(KIOSK_TOKEN_SECONDS, this.config.JWT_ACCESS_TTL_SECONDS) },
      );
      return { accessToken, expiresIn: Math.min(KIOSK_TOKEN_SECONDS, this.config.JWT_ACCESS_TTL_SECONDS), tokenType: 'Bearer' };
    });
  }
}
