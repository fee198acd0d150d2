import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import { DomainError, Forbidden, Unauthorized } from '../errors/domain-error';
import { IS_PUBLIC, ROLES_KEY, SCOPES_KEY } from './decorators';
import { Permission, permissionFor, SECOND_FACTOR_SETUP_ROUTES } from './permissions';
import { Principal, Role } from './principal';

/** The guard's own refusals (the test walking every route tells them from a use case's 403). */
export const GUARD_ROLE_REFUSAL = 'Your role may not call this route';
export const GUARD_SCOPE_REFUSAL = 'This key lacks the scope';

/**
 * The one global guard: authenticates with passport (Bearer JWT, or a partner's ApiKey), then
 * checks the route's entry of the permissions table (roles and partner scopes). A route not yet
 * in the table falls back to its decorators (closed unless @Public()); the e2e walk of every
 * operation fails until it has an entry. On a public route a valid credential is still read, a
 * missing or bad one is ignored.
 */
@Injectable()
export class AuthGuard extends PassportAuthGuard(['jwt', 'api-key']) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx
      .switchToHttp()
      .getRequest<{ method: string; routeOptions?: { url?: string }; headers: Record<string, string | undefined>; user?: Principal }>();
    const entry = req.routeOptions?.url ? permissionFor(req.method, req.routeOptions.url) : undefined;
    const rule = entry ?? this.fromDecorators(ctx);
    const isPublic = rule.who === 'public';

    if (isPublic) {
      if (req.headers.authorization) await Promise.resolve(super.canActivate(ctx)).catch(() => undefined);
      return true;
    }
    await super.canActivate(ctx);
    const principal = req.user!;
    if (principal.secondFactorPending && !SECOND_FACTOR_SETUP_ROUTES.has(`${req.method} ${req.routeOptions?.url}`)) {
      throw new DomainError(
        403,
        'second-factor-setup-required',
        'Set up a second factor first',
        'This role must use a second factor: set it up with POST /api/v1/me/mfa/totp, then refresh the session',
      );
    }
    if (rule.who !== 'signed-in' && !rule.who.includes(principal.role)) throw new Forbidden(GUARD_ROLE_REFUSAL);
    if (principal.kind === 'partner' && rule.scopes?.length) {
      const missing = rule.scopes.filter((s) => !principal.scopes.includes(s));
      if (missing.length) throw new Forbidden(`${GUARD_SCOPE_REFUSAL} ${missing.join(', ')}`);
    }
    return true;
  }

  private fromDecorators(ctx: ExecutionContext): Permission {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return { who: 'public' };
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    return { who: roles ?? 'signed-in', scopes: this.reflector.getAllAndOverride<string[]>(SCOPES_KEY, targets) };
  }

  handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err;
    if (!user) throw new Unauthorized('Missing, invalid or expired credentials');
    return user;
  }
}
