import { plainToInstance, Transform } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

/**
 * Every environment variable the platform reads, validated once at start.
 * A bad or missing variable stops the process with one line naming it.
 * Fields marked sensitive are never printed.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL: string;

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL: string;

  /**
   * A streaming replica for reads that tolerate a little lag (public tracking, the guide,
   * dashboards, transparency, census, Open311 lists); unset: every read goes to DATABASE_URL.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_REPLICA_URL?: string;

  /** How far behind the primary (seconds of replay) the replica may be before its reads go to the primary. */
  @Transform(({ value }) => (value === undefined || value === '' ? 10 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(3600)
  REPLICA_MAX_LAG_SECONDS = 10;

  /** How often each API process measures the replica's lag (and notices it is down or back). */
  @Transform(({ value }) => (value === undefined || value === '' ? 2000 : Number(value)))
  @IsInt()
  @Min(100)
  @Max(60_000)
  REPLICA_CHECK_MS = 2000;

  /**
   * Redis Sentinel: `host:port` comma list. When set, the primary is asked of the sentinels
   * (master REDIS_SENTINEL_NAME) and REDIS_URL gives only the password and database number.
   */
  @Transform(({ value }) =>
    value === undefined || value === ''
      ? []
      : String(value)
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean),
  )
  @Matches(/^[^\s:,]+:\d{1,5}$/, { each: true, message: 'REDIS_SENTINELS must be a comma list of host:port' })
  REDIS_SENTINELS: string[] = [];

  @IsString()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'must be a Sentinel master name' })
  REDIS_SENTINEL_NAME = 'mymaster';

  /** BullMQ key prefix: lets several deployments (or test workers) share one Redis. */
  @IsString()
  @Matches(/^[a-z0-9:_-]+$/i, { message: 'must contain only letters, digits, ":", "_" or "-"' })
  QUEUE_PREFIX = 'annex';

  /** Secret for signing access tokens (sensitive). */
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET: string;

  @Transform(({ value }) => (value === undefined || value === '' ? 900 : Number(value)))
  @IsInt()
  @Min(60)
  @Max(3600)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(({ value }) => (value === undefined || value === '' ? 30 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TTL_DAYS = 30;

  /** How long a live session answer is cached per API process (revocation by another instance shows within it). */
  @Transform(({ value }) => (value === undefined || value === '' ? 5000 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(60_000)
  SESSION_CACHE_MS = 5000;

  /** Failed sign-ins one client address may make (within an hour) before each further try waits. */
  @Transform(({ value }) => (value === undefined || value === '' ? 30 : Number(value)))
  @IsInt()
  @Min(1)
  LOGIN_FAILURES_PER_IP = 30;

  /** Comma-separated list of allowed browser origins; empty means same-origin only. */
  @IsString()
  CORS_ORIGINS = '';

  @Transform(({ value }) => (value === undefined || value === '' ? 1_048_576 : Number(value)))
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  @Transform(({ value }) => (value === undefined || value === '' ? 10_485_760 : Number(value)))
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES = 10_485_760;

  /** Videos and images for the waiting-room screens: larger than citizens' documents, streamed to disk. */
  @Transform(({ value }) => (value === undefined || value === '' ? 209_715_200 : Number(value)))
  @IsInt()
  @Min(1024)
  SIGNAGE_MEDIA_MAX_BYTES = 209_715_200;

  @IsString()
  UPLOAD_DIR = '.data/uploads';

  /** A graceful stop that takes longer (Redis or PostgreSQL gone away under it) ends the process anyway. */
  @Transform(({ value }) => (value === undefined || value === '' ? 20 : Number(value)))
  @IsInt()
  @Min(1)
  SHUTDOWN_TIMEOUT_SECONDS = 20;

  @IsEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Public base URL, used in links sent to citizens and in certificate QR codes. */
  @Matches(/^https?:\/\/.+/, { message: 'must be an http(s) URL' })
  PUBLIC_URL = 'http://localhost:3000';

  /**
   * Who may read /metrics, /docs and /docs-json: \`public\`; \`internal\` (an allow-listed network,
   * OPS_ALLOW_CIDRS, or the OPS_TOKEN bearer); \`token\` (the bearer only). Unset: internal in
   * production, public in development and test.
   */
  @IsOptional()
  @IsIn(['public', 'internal', 'token'])
  OPS_ROUTES?: 'public' | 'internal' | 'token';

  /** Networks that reach the ops routes in \`internal\` mode (comma-separated CIDRs). */
  @Matches(/^[0-9a-fA-F.:/, ]*$/, { message: 'must be comma-separated CIDRs' })
  OPS_ALLOW_CIDRS = '127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16';

  /** Bearer token for the ops routes (sensitive); required in \`token\` mode. */
  @ValidateIf((c: AppConfig) => c.OPS_ROUTES === 'token' || c.OPS_TOKEN !== undefined)
  @IsString()
  @MinLength(24, { message: 'must be at least 24 characters' })
  OPS_TOKEN?: string;

  /** Password of the demo accounts loaded by `npm run seed:demo` (sensitive). */
  @IsString()
  @MinLength(8, { message: 'must be at least 8 characters' })
  DEMO_PASSWORD = 'Annexe2026!';

  @Matches(/^[A-Z0-9]{2,8}$/, { message: 'must be 2-8 upper-case letters or digits' })
  DEFAULT_ANNEX_CODE = 'BRK5';

  @IsIn(['file', 'http', 'console'])
  SMS_PROVIDER: 'file' | 'http' | 'console' = 'console';

  @ValidateIf((c: AppConfig) => c.SMS_PROVIDER === 'file')
  @IsString()
  @MinLength(1)
  SMS_FILE = '.data/sms.jsonl';

  @ValidateIf((c: AppConfig) => c.SMS_PROVIDER === 'http')
  @Matches(/^https?:\/\/.+/, { message: 'must be an http(s) URL when SMS_PROVIDER=http' })
  SMS_HTTP_URL?: string;

  @IsOptional()
  @IsString()
  SMS_HTTP_KEY?: string;

  /** SMTP server for email, e.g. smtp://user:pass@host:587; empty disables email. */
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'Annexe administrative <no-reply@annexe.local>';

  /** Directory holding the built SPAs; empty disables static serving. */
  @IsString()
  WEB_DIST_DIR = 'apps';

  /** Requests a minute per route on ordinary routes: per account when signed in, else per client IP. */
  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 3000;

  /** Requests a minute per route on public look-ups (tracking, verification, sign-up, login): per client IP, per account when signed in. */
  @Transform(({ value }) => (value === undefined || value === '' ? 30 : Number(value)))
  @IsInt()
  @Min(1)
  RATE_LIMIT_PUBLIC_PER_MINUTE = 30;

  /**
   * Load shedding (@fastify/under-pressure): past any of these, routes marked @LowPriority()
   * (dashboards, lists, exports) answer 503 with Retry-After while tracking, submissions,
   * transitions and login keep answering. 0 turns a check off.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? 200 : Number(value)))
  @IsInt()
  @Min(0)
  LOAD_SHED_EVENT_LOOP_DELAY_MS = 200;

  /** Heap in use (MB) past which low-priority routes are shed; 0: not checked. */
  @Transform(({ value }) => (value === undefined || value === '' ? 1024 : Number(value)))
  @IsInt()
  @Min(0)
  LOAD_SHED_HEAP_MB = 1024;

  /** Resident set size (MB) past which low-priority routes are shed; 0: not checked. */
  @Transform(({ value }) => (value === undefined || value === '' ? 1536 : Number(value)))
  @IsInt()
  @Min(0)
  LOAD_SHED_RSS_MB = 1536;

  /** How often the pressure is measured (the event-loop delay is the mean over this window). */
  @Transform(({ value }) => (value === undefined || value === '' ? 1000 : Number(value)))
  @IsInt()
  @Min(10)
  LOAD_SHED_SAMPLE_MS = 1000;

  /** Retry-After (seconds) on a shed answer. */
  @Transform(({ value }) => (value === undefined || value === '' ? 10 : Number(value)))
  @IsInt()
  @Min(1)
  LOAD_SHED_RETRY_AFTER_SECONDS = 10;

  /** How often the worker rebuilds SLA timers from PostgreSQL (they survive a Redis flush). */
  @Transform(({ value }) => (value === undefined || value === '' ? 300 : Number(value)))
  @IsInt()
  @Min(5)
  SLA_RECONCILE_SECONDS = 300;

  /** How often the worker re-drives, from PostgreSQL, relayed work whose effect is missing (a Redis flush). */
  @Transform(({ value }) => (value === undefined || value === '' ? 60 : Number(value)))
  @IsInt()
  @Min(1)
  RECONCILE_SECONDS = 60;

  /** How old relayed work must be before the reconciler counts its effect as missing. */
  @Transform(({ value }) => (value === undefined || value === '' ? 120 : Number(value)))
  @IsInt()
  @Min(1)
  RECONCILE_GRACE_SECONDS = 120;

  /** How far back the reconciler looks (older work is left to ops). */
  @Transform(({ value }) => (value === undefined || value === '' ? 72 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(720)
  RECONCILE_WINDOW_HOURS = 72;

  /** How often the worker refreshes the dashboards' daily aggregates. */
  @Transform(({ value }) => (value === undefined || value === '' ? 300 : Number(value)))
  @IsInt()
  @Min(5)
  METRICS_REFRESH_SECONDS = 300;

  /**
   * Retention periods in days overriding the defaults, `kind=days,...` (kinds and defaults, with
   * their legal reasons, in libs/accounts/src/privacy/retention-policy.ts and the README).
   */
  @IsString()
  @Matches(/^([a-zA-Z]+=\d{1,5})?(,[a-zA-Z]+=\d{1,5})*$/, { message: 'must be kind=days pairs separated by commas' })
  RETENTION = '';

  /** How often the worker applies the retention periods (default: daily). */
  @Transform(({ value }) => (value === undefined || value === '' ? 86400 : Number(value)))
  @IsInt()
  @Min(5)
  RETENTION_INTERVAL_SECONDS = 86400;

  /**
   * Ed25519 private key signing certificates (PKCS#8 PEM, or its DER in base64; sensitive).
   * Required in production; elsewhere a key is derived from JWT_SECRET so restarts keep verifying.
   */
  @ValidateIf((c: AppConfig) => c.NODE_ENV === 'production' || !!c.CERT_SIGNING_KEY)
  @IsString({ message: 'is required in production (an Ed25519 PKCS#8 key)' })
  @MinLength(40, { message: 'must be an Ed25519 PKCS#8 key (PEM or base64 DER)' })
  CERT_SIGNING_KEY?: string;

  /**
   * Keys certificates were signed with before the current one (a rotation): their Ed25519 public
   * keys, comma-separated, each as a JWK `x` (base64url, 43 characters). Papers they signed keep
   * verifying, and /verify/keys keeps publishing them. Public values, not secrets.
   */
  @Transform(({ value }) => (typeof value === 'string' && value.trim() ? value.replace(/\s+/g, '') : undefined))
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{43}(,[A-Za-z0-9_-]{43})*$/, { message: 'must be Ed25519 public keys (JWK x, base64url), comma-separated' })
  CERT_SIGNING_KEYS_RETIRED?: string;

  /** How long an issued certificate stays valid, in days. */
  @Transform(({ value }) => (value === undefined || value === '' ? 90 : Number(value)))
  @IsInt()
  @Min(1)
  CERT_VALIDITY_DAYS = 90;

  /** Attempts of a certificate render (first retry after CERT_RENDER_BACKOFF_MS, doubling: 13 ≈ 11 h). */
  @Transform(({ value }) => (value === undefined || value === '' ? 13 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(30)
  CERT_RENDER_ATTEMPTS = 13;

  /** First certificate render retry delay (doubles each attempt). */
  @Transform(({ value }) => (value === undefined || value === '' ? 10_000 : Number(value)))
  @IsInt()
  @Min(10)
  CERT_RENDER_BACKOFF_MS = 10_000;

  /** Where the fonts certificate and receipt PDFs embed are (Debian: fonts-noto-core, fonts-hosny-amiri, fonts-dejavu-core). */
  @IsString()
  FONTS_DIR = '/usr/share/fonts';
  /** Days a newly issued partner API key stays valid. */
  @Transform(({ value }) => (value === undefined || value === '' ? 365 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(3650)
  PARTNER_KEY_TTL_DAYS = 365;

  /** Hours the previous key keeps working after a rotation, so the partner can switch without downtime. */
  @Transform(({ value }) => (value === undefined || value === '' ? 24 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(720)
  PARTNER_KEY_OVERLAP_HOURS = 24;

  /** First webhook retry delay (doubles each attempt); attempts are computed to cover WEBHOOK_RETRY_HOURS. */
  @Transform(({ value }) => (value === undefined || value === '' ? 60_000 : Number(value)))
  @IsInt()
  @Min(10)
  WEBHOOK_BACKOFF_MS = 60_000;

  /** How long a failing webhook delivery keeps being retried. */
  @Transform(({ value }) => (value === undefined || value === '' ? 24 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(168)
  WEBHOOK_RETRY_HOURS = 24;

  /** Timeout of one webhook HTTP call. */
  @Transform(({ value }) => (value === undefined || value === '' ? 10_000 : Number(value)))
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** Ports a webhook URL may name (comma list); loopback receivers outside production may use any. */
  @Transform(({ value }) =>
    value === undefined || value === ''
      ? [80, 443]
      : String(value)
          .split(',')
          .map((p) => Number(p.trim())),
  )
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(65535, { each: true })
  WEBHOOK_ALLOWED_PORTS: number[] = [80, 443];

  /**
   * Networks opened to webhooks whatever the other rules say, in production too (comma list of
   * CIDRs, e.g. a partner on the government intranet `10.20.0.0/16`). Empty by default; the fault
   * suite opens its loopback receiver with `127.0.0.1/32`.
   */
  @Transform(({ value }) =>
    value === undefined || value === ''
      ? []
      : String(value)
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean),
  )
  @Matches(/^[0-9a-fA-F.:]+\/\d{1,3}$/, { each: true, message: 'WEBHOOK_ALLOWED_NETWORKS must be a comma list of CIDRs' })
  WEBHOOK_ALLOWED_NETWORKS: string[] = [];

  /** Webhooks to loopback (local receivers, tests); never in production, whatever this says. */
  @Transform(({ value, obj }) =>
    value === undefined || value === '' ? obj.NODE_ENV !== 'production' : value === 'true' || value === '1' || value === true,
  )
  WEBHOOK_ALLOW_LOOPBACK = true;

  /** One-time codes (SMS) asked for the same phone, or the same CIN, within OTP_LIMIT_WINDOW_MINUTES. */
  @Transform(({ value }) => (value === undefined || value === '' ? 5 : Number(value)))
  @IsInt()
  @Min(1)
  OTP_LIMIT_PER_WINDOW = 5;

  @Transform(({ value }) => (value === undefined || value === '' ? 15 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(1440)
  OTP_LIMIT_WINDOW_MINUTES = 15;

  /** Appointments: bookings from one IP per minute (on top of the general rate limit). */
  @Transform(({ value }) => (value === undefined || value === '' ? 20 : Number(value)))
  @IsInt()
  @Min(1)
  APPOINTMENT_BOOKINGS_PER_IP_PER_MINUTE = 20;

  /** Appointments: active bookings one citizen (CIN) may hold, all procedures together. */
  @Transform(({ value }) => (value === undefined || value === '' ? 3 : Number(value)))
  @IsInt()
  @Min(1)
  APPOINTMENT_LIMIT_PER_CIN = 3;

  /** Appointments: active bookings of all citizens sharing one phone number. */
  @Transform(({ value }) => (value === undefined || value === '' ? 4 : Number(value)))
  @IsInt()
  @Min(1)
  APPOINTMENT_LIMIT_PER_PHONE = 4;

  /** Check-in is accepted this many minutes before the appointment's time... */
  @Transform(({ value }) => (value === undefined || value === '' ? 30 : Number(value)))
  @IsInt()
  @Min(0)
  APPOINTMENT_EARLY_MINUTES = 30;

  /** ...and this many after it; later, the appointment is a no-show and its place is free. */
  @Transform(({ value }) => (value === undefined || value === '' ? 15 : Number(value)))
  @IsInt()
  @Min(0)
  APPOINTMENT_LATE_MINUTES = 15;

  /** The reminder SMS goes this many hours before the appointment. */
  @Transform(({ value }) => (value === undefined || value === '' ? 24 : Number(value)))
  @IsInt()
  @Min(1)
  APPOINTMENT_REMINDER_HOURS = 24;

  /** How often the worker sends due reminders and records no-shows. */
  @Transform(({ value }) => (value === undefined || value === '' ? 60 : Number(value)))
  @IsInt()
  @Min(1)
  APPOINTMENT_SWEEP_SECONDS = 60;

  /** Queue policy: a walk-in waiting longer than this is called before due appointments. */
  @Transform(({ value }) => (value === undefined || value === '' ? 30 : Number(value)))
  @IsInt()
  @Min(1)
  WALKIN_MAX_WAIT_MINUTES = 30;

  /** "Your turn is near": one SMS to an appointment or phone-ticket holder once this many people (or fewer) are ahead. */
  @Transform(({ value }) => (value === undefined || value === '' ? 3 : Number(value)))
  @IsInt()
  @Min(0)
  QUEUE_NOTIFY_AHEAD = 3;

  /** Trust X-Forwarded-* from a reverse proxy. */
  @Transform(({ value }) => value === 'true' || value === '1' || value === true)
  TRUST_PROXY = false;

  /** The worker's LISTEN connection (queue pushes), straight to the primary where DATABASE_URL is a transaction-mode pooler. */
  @IsOptional()
  @IsString()
  DATABASE_LISTEN_URL?: string;

  /** Hot reads as named prepared statements; false behind a pooler that cannot carry them (PgBouncer < 1.21 in transaction mode). */
  @Transform(({ value }) => !(value === 'false' || value === '0' || value === false))
  DB_PREPARED_STATEMENTS = true;
}

/** Names of variables whose values must never be printed. */
export const SENSITIVE_KEYS = [
  'CERT_SIGNING_KEY',
  'JWT_SECRET',
  'DEMO_PASSWORD',
  'SMS_HTTP_KEY',
  'SMTP_URL',
  'DATABASE_URL',
  'DATABASE_REPLICA_URL',
  'REDIS_URL',
  'OPS_TOKEN',
];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment; throws a ConfigError naming the first bad variable. */
export function validateConfig(env: Record<string, unknown>): AppConfig {
  const present: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') present[k] = v;
  const config = plainToInstance(AppConfig, present, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    const first = errors[0];
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    const missing = env[first.property] === undefined || env[first.property] === '';
    // class-validator messages start with the property name; keep only the reason.
    const cleaned = reason.startsWith(first.property) ? reason.slice(first.property.length).trim() : reason;
    throw new ConfigError(first.property, missing ? `is required (${cleaned})` : cleaned);
  }
  return config;
}

let cached: AppConfig | undefined;
/** The validated config of this process (for the few places outside DI, e.g. decorators). */
export function currentConfig(): AppConfig {
  return (cached ??= validateConfig(process.env));
}
