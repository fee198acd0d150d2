import { createHash, createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessTokenClaims, AppConfig, CIN_PATTERN, InvalidInput, normalizeCin, normalizePhone, Unauthorized } from '@app/core';
import { Citizen } from '../entities/citizen.entity';
import { Counter } from '../entities/counter.entity';
import { Staff } from '../entities/staff.entity';
import { LoginDto } from '../dto/login.dto';
import { TokenPairDto } from '../dto/token-pair.dto';
import { SecondFactorChallengeDto, SecondFactorLoginDto } from '../dto/second-factor.dto';
import { challengeRefused, SecondFactor, secondFactorRequired } from './second-factor';
import { verifyPassword } from './passwords';
import { LoginThrottle } from './login-throttle';
import { TokenService } from './token.service';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

interface Account {
  table: 'citizen' | 'staff';
  id: string;
  passwordHash: string | null;
  usable: boolean;
  claims: Omit<AccessTokenClaims, 'counter'>;
}

/** How long the step between a correct password and the second factor may take. */
const CHALLENGE_TTL_S = 300;

interface ChallengeClaims {
  purpose: 'second-factor';
  sub: string;
  counter: number | null;
  /** The hash of the device token handed out with the challenge: trusted once the factor passed. */
  dev: string | null;
}

@Injectable()
export class AuthService {
  /** Challenges are signed with their own key: one can never pass for an access token. */
  private readonly challengeKey: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly secondFactor: SecondFactor,
    private readonly jwt: JwtService,
    config: AppConfig,
  ) {
    this.challengeKey = createHmac('sha256', config.JWT_SECRET).update('second-factor-challenge').digest('hex');
  }

  /**
   * Signs in. Wrong passwords slow further tries of the same login name and address (429 with
   * Retry-After), the same for names that exist and names that do not; a device that signed in
   * before (its `deviceToken`) is never slowed down, so nobody can lock the owner out.
   */
  async login(dto: LoginDto, ip?: string): Promise<TokenPairDto | SecondFactorChallengeDto> {
    const account = await this.find(dto.login);
    const keys = this.throttle.keys(dto.login, ip);
    const known = account ? await this.throttle.knownDevice(account.id, dto.deviceToken) : false;
    if (!known) await this.throttle.check(keys);
    const ok = await verifyPassword(account?.usable ? account.passwordHash : null, dto.password);
    if (!account || !ok) {
      if (!known) await this.throttle.fail(keys);
      throw new Unauthorized('Wrong login or password');
    }
    const counter = dto.counter === undefined ? null : await this.checkCounter(account, dto.counter);
    await this.throttle.succeeded(keys);
    const deviceToken = known ? dto.deviceToken! : await this.throttle.rememberDevice(account.id, account.table);
    if (
      account.table === 'staff' &&
      (await this.secondFactor.enabled(account.id)) &&
      !(known && (await this.throttle.passedSecondFactor(account.id, deviceToken)))
    ) {
      const claims: ChallengeClaims = { purpose: 'second-factor', sub: account.id, counter, dev: sha256(deviceToken) };
      const challenge = await this.jwt.signAsync(claims, { secret: this.challengeKey, expiresIn: CHALLENGE_TTL_S });
      return { secondFactor: 'totp', challenge, expiresIn: CHALLENGE_TTL_S, deviceToken };
    }
    return { ...(await this.tokens.issue({ ...(await this.claimsOf(account)), counter })), deviceToken };
  }

  /**
   * The second step of a sign-in: the challenge from a correct password, and a TOTP code (each
   * code works once) or a recovery code (each works once). Wrong codes are throttled per account.
   * The device the challenge was given to is trusted for the second factor from then on.
   */
  async loginSecondFactor(dto: SecondFactorLoginDto): Promise<TokenPairDto> {
    if (!dto.code && !dto.recoveryCode)
      throw new InvalidInput([{ field: 'code', reason: 'required', message: 'send the code the app shows, or a recovery code' }]);
    const c = await this.jwt
      .verifyAsync<ChallengeClaims>(dto.challenge, { secret: this.challengeKey, algorithms: ['HS256'] })
      .catch(() => null);
    if (!c || c.purpose !== 'second-factor') throw challengeRefused();
    const account = await this.staffById(c.sub);
    if (!account?.usable) throw challengeRefused();
    await this.secondFactor.verify(account.id, { code: dto.code, recoveryCode: dto.recoveryCode });
    if (c.dev) await this.throttle.trustForSecondFactor(account.id, c.dev);
    return this.tokens.issue({ ...(await this.claimsOf(account)), counter: c.counter });
  }

  /** The account's claims; a role that must use a second factor and has none gets a setup-only session. */
  private async claimsOf(account: Account): Promise<Omit<AccessTokenClaims, 'counter'>> {
    if (account.table === 'staff' && secondFactorRequired(account.claims.role) && !(await this.secondFactor.enabled(account.id))) {
      return { ...account.claims, mfaSetup: true };
    }
    return account.claims;
  }

  /**
   * A new pair for a refresh token; with `counter`, the same session moves to that counter (an
   * agent changing desks, or choosing one after signing in) without typing the password again.
   * The counter is checked before a live token is spent, so a refused change keeps the session;
   * a token already used, revoked or expired goes straight to `spend`, whose answer (a reuse signs
   * the whole login out) a bad counter must not mask.
   */
  async refresh(refreshToken: string, counter?: number): Promise<TokenPairDto> {
    if (counter !== undefined) {
      const holder = await this.tokens.holder(refreshToken);
      if (holder && !holder.usedAt && !holder.revokedAt && holder.expiresAt > new Date()) {
        const account = holder.subjectKind === 'staff' ? await this.staffById(holder.subjectId) : null;
        if (!account) throw new InvalidInput([{ field: 'counter', reason: 'notAllowed', message: 'only counter staff sit at a counter' }]);
        await this.checkCounter(account, counter);
      }
    }
    const spent = await this.tokens.spend(refreshToken);
    const account = spent.subjectKind === 'citizen' ? await this.citizenById(spent.subjectId) : await this.staffById(spent.subjectId);
    if (!account?.usable) {
      await this.tokens.revokeFamily(spent.familyId);
      throw new Unauthorized('Account disabled');
    }
    return this.tokens.issue({ ...(await this.claimsOf(account)), counter: counter ?? spent.counter }, spent.familyId);
  }

  /** The counter a staff member may sit at: a counter of their annex, for counter roles only. */
  private async checkCounter(account: Account, counter: number): Promise<number> {
    if (account.claims.role !== 'agent' && account.claims.role !== 'supervisor' && account.claims.role !== 'reception') {
      throw new InvalidInput([{ field: 'counter', reason: 'notAllowed', message: 'only counter staff sit at a counter' }]);
    }
    const exists = await this.db.manager.exists(Counter, { where: { annexId: account.claims.annexId!, number: counter } });
    if (!exists)
      throw new InvalidInput([{ field: 'counter', reason: 'unknown', message: `counter ${counter} does not exist in this annex` }]);
    return counter;
  }

  logout(refreshToken: string): Promise<void> {
    return this.tokens.revoke(refreshToken);
  }

  private async find(login: string): Promise<Account | null> {
    const cin = normalizeCin(login);
    if (CIN_PATTERN.test(cin)) {
      const c = await this.citizenQuery().where('c.cin = :cin', { cin }).getOne();
      return c ? this.fromCitizen(c) : null;
    }
    const phone = normalizePhone(login);
    if (phone) {
      // A phone may be shared by a family; it signs in only the one account holding a password.
      const rows = await this.citizenQuery().where('c.phone = :phone AND c.password_hash IS NOT NULL', { phone }).limit(2).getMany();
      return rows.length === 1 ? this.fromCitizen(rows[0]) : null;
    }
    const s = await this.staffQuery().where('s.username = :u', { u: login.trim().toLowerCase() }).getOne();
    return s ? this.fromStaff(s) : null;
  }

  private async citizenById(id: string) {
    const c = await this.citizenQuery().where('c.id = :id', { id }).getOne();
    return c ? this.fromCitizen(c) : null;
  }

  private async staffById(id: string) {
    const s = await this.staffQuery().where('s.id = :id', { id }).getOne();
    return s ? this.fromStaff(s) : null;
  }

  private citizenQuery() {
    return this.db.getRepository(Citizen).createQueryBuilder('c').addSelect('c.passwordHash');
  }

  private staffQuery() {
    return this.db.getRepository(Staff).createQueryBuilder('s').addSelect('s.passwordHash');
  }

  private fromCitizen(c: Citizen): Account {
    return {
      table: 'citizen',
      id: c.id,
      passwordHash: c.passwordHash,
      usable: c.status === 'active' && !!c.passwordHash,
      claims: { sub: c.id, kind: 'citizen', role: 'citizen', annexId: c.annexId },
    };
  }

  private fromStaff(s: Staff): Account {
    return {
      table: 'staff',
      id: s.id,
      passwordHash: s.passwordHash,
      usable: s.active,
      claims: { sub: s.id, kind: 'staff', role: s.role, annexId: s.annexId },
    };
  }
}
