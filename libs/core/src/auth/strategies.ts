import { Injectable, Optional } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as PassportStrategyBase } from 'passport-strategy';
import { AppConfig } from '../config/app-config';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { AccessTokenClaims, Principal, principalFromClaims } from './principal';

/** Bearer access tokens (short-lived JWT, HS256). */
@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor(config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.JWT_SECRET,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  validate(c: AccessTokenClaims): Principal {
    return principalFromClaims(c);
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
    this.verify(match[1], req.ip, (err, user) => (err ? this.error(err as Error) : user ? this.success(user) : this.fail('Invalid API key', 401)));
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
