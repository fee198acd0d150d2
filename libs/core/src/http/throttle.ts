import { Injectable } from '@nestjs/common';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { currentConfig } from '../config/app-config';
import type { Principal } from '../auth/principal';

/** The tighter per-IP limit for public look-ups that could be used to enumerate people. */
export const PublicLookupThrottle = () => Throttle({ default: { limit: () => currentConfig().RATE_LIMIT_PUBLIC_PER_MINUTE, ttl: 60_000 } });

/**
 * Rate limits per account for signed-in callers, per client IP for anonymous ones. Keyed by IP
 * alone, every citizen behind one NAT or reverse proxy (a whole annex, a mobile carrier) shares a
 * budget; keyed by account, one account cannot escape its limit by changing address. Runs after
 * the global AuthGuard, which has read the credential (also on public routes) into `req.user`.
 */
@Injectable()
export class AccountThrottlerGuard extends ThrottlerGuard {
  protected async getTracker(req: Record<string, any>): Promise<string> {
    const principal = req.user as Principal | undefined;
    if (principal?.id) return `account:${principal.kind}:${principal.id}`;
    return `ip:${await super.getTracker(req)}`;
  }
}
