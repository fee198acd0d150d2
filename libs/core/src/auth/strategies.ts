import { createSecretKey, KeyObject } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as PassportStrategyBase } from 'passport-strategy';
import { AppConfig } from '../config/app-config';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { AccessTokenClaims, Principal, principalFromClaims } from './principal';
import { SessionCheck } from './sessions';

const keys = new Map<string, KeyObject>();

/**
 * The HS256 key as a KeyObject. Given a string, jsonwebtoken first tries to parse it as a public
 * key and then makes a secret key, on every verification: 14 % of the API's CPU under load.
 */
export function jwtKey(secret: string): string {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  // jsonwebtoken takes a KeyObject wherever a secret goes; the libraries' types only say string.
  return key as unknown as string;
}

/** Bearer access tokens (short-lived JWT, HS256). */
@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly sessions: SessionCheck,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: jwtKey(config.JWT_SECRET),
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /**
   * A valid signature is not enough: the token's session must still be live (not logged out,
   * reused or revoked with a disabled account). Staff tokens without a session are refused; a
   * citizen token without one can only predate sessions and expires within the access TTL.
   */
  async validate(c: AccessTokenClaims): Promise<Principal | false> {
    if (!c.sid) return c.kind === 'staff' ? false : principalFromClaims(c);
    return (await this.sessions.isLive(c.sid, c.sub)) ? principalFromClaims(c) : false;
  }
}

type VerifyApiKey = (key: string, ip: string | undefined, done: (err: unknown, user?: Principal | null) => void) => void;

/** Minimal passport strategy reading `Authorization: ApiKey <key>`; the check itself is the interop module's. */
class ApiKeyHeaderStrategy extends PassportStrategyBase {
  name = 'api-key';
  constructor(private readonly verify: VerifyApiKey) {
    super();
  }
  authenticate(req: { headers: Record<string, unknown>; ip?: string }): void {
    const header = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    const match = /^ApiKey\s+(\S+)$/i.exec(header);
    if (!match) return this.fail('No API key', 401);
    this.verify(match[1], req.ip, (err, user) =>
      err ? this.error(err as Error) : user ? this.success(user) : this.fail('Invalid API key', 401),
    );
  }
}

@Injectable()
export class ApiKeyStrategy extends PassportStrategy(ApiKeyHeaderStrategy, 'api-key') {
  constructor(@Optional() private readonly authenticator?: ApiKeyAuthenticator) {
    super();
  }

  async validate(key: string, ip: string | undefined): Promise<Principal | null> {
    return this.authenticator ? this.authenticator.authenticate(key, ip) : null;
  }
}
