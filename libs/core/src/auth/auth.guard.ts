import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import { Forbidden, Unauthorized } from '../errors/domain-error';
import { IS_PUBLIC, ROLES_KEY, SCOPES_KEY } from './decorators';
import { Principal, Role } from './principal';

/**
 * The one global guard: authenticates with passport (Bearer JWT, or a partner's ApiKey),
 * then checks the route's roles and scopes. Routes are closed unless marked @Public();
 * on a public route a valid credential is still read, a missing or bad one is ignored.
 */
@Injectable()
export class AuthGuard extends PassportAuthGuard(['jwt', 'api-key']) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: Principal }>();

    if (isPublic) {
      if (req.headers.authorization) await Promise.resolve(super.canActivate(ctx)).catch(() => undefined);
      return true;
    }
    await super.canActivate(ctx);
    const principal = req.user!;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) throw new Forbidden();
    const scopes = this.reflector.getAllAndOverride<string[]>(SCOPES_KEY, targets);
    if (principal.kind === 'partner' && scopes?.length) {
      const missing = scopes.filter((s) => !principal.scopes.includes(s));
      if (missing.length) throw new Forbidden(`This key lacks the scope ${missing.join(', ')}`);
    }
    return true;
  }

  handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err;
    if (!user) throw new Unauthorized('Missing, invalid or expired credentials');
    return user;
  }
}
