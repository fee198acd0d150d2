import { Throttle } from '@nestjs/throttler';
import { currentConfig } from '../config/app-config';

/** The tighter per-IP limit for public look-ups that could be used to enumerate people. */
export const PublicLookupThrottle = () =>
  Throttle({ default: { limit: () => currentConfig().RATE_LIMIT_PUBLIC_PER_MINUTE, ttl: 60_000 } });
