import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Principal, Role } from './principal';

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';
export const SCOPES_KEY = 'auth:scopes';

/** No authentication needed (an Authorization header, if sent, is still read). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Roles allowed on a route; without it, any authenticated caller passes the role check. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Partner scopes required on a route (checked for partners only). */
export const Scopes = (...scopes: string[]) => SetMetadata(SCOPES_KEY, scopes);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest().user;
});
