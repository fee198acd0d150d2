import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { preparedQuery } from './prepared';

export type ReplicaState = 'none' | 'up' | 'lagging' | 'down';

/** An LSN (`16/B374D848`) as a number that orders. */
const lsnValue = (lsn: string): bigint => {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`);
};

/**
 * Reads that tolerate a little lag (public tracking, the guide, dashboards, transparency, census,
 * Open311 lists) go through `source()`: the replica of DATABASE_REPLICA_URL while it answers and
 * is within REPLICA_MAX_LAG_SECONDS, else the primary. Writes and read-your-writes paths keep the
 * injected primary DataSource and never come here. The lag is measured every REPLICA_CHECK_MS
 * per process; a read that fails on the replica is answered by the primary at once and the
 * replica is set aside until the next check finds it healthy. Nothing here keeps session state
 * (no SET, no session advisory lock, no named statement), so both URLs may point at PgBouncer in
 * transaction mode.
 */
@Injectable()
export class ReadReplica implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadReplica');
  private replica?: DataSource;
  private connecting?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private _state: ReplicaState = 'none';
  private _lag = 0;
  /** The primary's LSN at each check the replica has not replayed yet (oldest first). */
  private readonly notes: { lsn: bigint; at: number }[] = [];
  /** Lag-tolerant reads answered by each side since start (for /metrics). */
  readonly served = { replica: 0, primary: 0 };

  constructor(
    @InjectDataSource() private readonly primary: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  get state(): ReplicaState {
    return this._state;
  }

  /** The replica's last measured lag in seconds (0 without a replica). */
  get lagSeconds(): number {
    return this._lag;
  }

  /** Measures the replica from the start, so /metrics and the first reads know where they stand. */
  onApplicationBootstrap(): void {
    if (this.config.DATABASE_REPLICA_URL) this.connecting ??= this.start();
  }

  /** Where a lag-tolerant read goes now. */
  source(): DataSource {
    if (!this.config.DATABASE_REPLICA_URL) return this.primary;
    if (!this.connecting) this.connecting = this.start();
    return this._state === 'up' && this.replica?.isInitialized ? this.replica : this.primary;
  }

  /**
   * A lag-tolerant query: on the replica when it is fit, on the primary otherwise or when the
   * replica fails. `primaryIfEmpty`: no row on the replica is asked again of the primary, for
   * lookups a person makes right after a write (tracking the code just received must not miss).
   */
  async query<T = any>(sql: string, params?: unknown[], opts: { primaryIfEmpty?: boolean; prepared?: boolean } = {}): Promise<T> {
    const db = this.source();
    // `prepared`: a hot statement, planned once per connection (database/prepared.ts).
    const run = (on: DataSource) => (opts.prepared ? preparedQuery(on, sql, params) : on.query(sql, params)) as Promise<T>;
    const onPrimary = () => {
      this.served.primary++;
      return run(this.primary);
    };
    if (db === this.primary) return onPrimary();
    try {
      const rows = await run(db);
      if (opts.primaryIfEmpty && Array.isArray(rows) && rows.length === 0) return onPrimary();
      this.served.replica++;
      return rows;
    } catch (e) {
      if (!isConnectionError(e)) throw e;
      this.setState('down', `read failed (${(e as Error).message})`);
      return onPrimary();
    }
  }

  /**
   * One measurement (also run every REPLICA_CHECK_MS); returns the state it found. The lag is how
   * long the replica has been missing WAL the primary had: each check notes the primary's LSN and
   * the time; the replica replayed up to some LSN; the lag is the age of the oldest note beyond it
   * (0 when it replayed everything). Unlike the age of the last replayed transaction, this reads 0
   * on an idle primary and grows from the first write the replica misses (a paused replay, a
   * WAL receiver cut off from the primary).
   */
  async check(): Promise<ReplicaState> {
    if (!this.replica) return this._state;
    try {
      const [{ lsn }] = await this.primary.query(`SELECT pg_current_wal_lsn()::text AS lsn`);
      const now = Date.now();
      const primaryLsn = lsnValue(lsn);
      if (!this.notes.length || this.notes[this.notes.length - 1].lsn < primaryLsn) this.notes.push({ lsn: primaryLsn, at: now });
      if (!this.replica.isInitialized) await this.replica.initialize();
      const [row] = await this.replica.query(
        `SELECT pg_is_in_recovery() AS recovery, COALESCE(pg_last_wal_replay_lsn(), '0/0')::text AS replayed`,
      );
      const replayed = lsnValue(row.replayed);
      while (this.notes.length && this.notes[0].lsn <= replayed) this.notes.shift();
      if (this.notes.length > 10_000) this.notes.splice(0, this.notes.length - 10_000);
      this._lag = this.notes.length ? (now - this.notes[0].at) / 1000 : 0;
      if (!row.recovery) this.setState('lagging', 'the replica is not in recovery (promoted?); reads stay on the primary');
      else this.setState(this._lag > this.config.REPLICA_MAX_LAG_SECONDS ? 'lagging' : 'up', `lag ${this._lag.toFixed(1)} s`);
    } catch (e) {
      this.setState('down', (e as Error).message);
    }
    return this._state;
  }

  private async start(): Promise<void> {
    this.replica = new DataSource({
      ...dataSourceOptions(this.config.DATABASE_REPLICA_URL!, { entities: [], migrations: [] }),
      extra: { max: Number(process.env.DB_POOL_MAX ?? 20), application_name: 'annex-replica-reads', connectionTimeoutMillis: 2_000 },
    } as never);
    this._state = 'down';
    await this.check();
    this.timer = setInterval(() => void this.check(), this.config.REPLICA_CHECK_MS);
    this.timer.unref();
  }

  private setState(next: ReplicaState, why: string): void {
    if (next === this._state) return;
    // Logged on change only; the URL (credentials) never is.
    this.logger.warn(`replica reads ${next === 'up' ? 'on the replica' : 'on the primary'}: ${next} (${why.slice(0, 200)})`);
    this._state = next;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.connecting?.catch(() => undefined);
    if (this.replica?.isInitialized) await this.replica.destroy().catch(() => undefined);
  }
}

/**
 * Errors of the connection (refused, reset, timed out, shutting down), not of the statement; and
 * a query the standby cancelled for a conflict with recovery (replay needed what it read).
 */
function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  if (code === '40001' && /recovery/i.test((e as Error).message ?? '')) return true;
  return (
    /^(ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH)/.test(code) ||
    code.startsWith('57P') ||
    code.startsWith('08') ||
    /terminat|timeout|connect/i.test((e as Error).message ?? '')
  );
}
