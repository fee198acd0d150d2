import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { maskContacts } from '../privacy/mask';

/**
 * A task a worker runs at start and then every `seconds`, from an in-process timer: unlike a
 * schedule kept in Redis, a flush cannot erase it. Failures are logged, never thrown. With a
 * `claim`, a tick runs only when the claim says this process holds the task (see PeriodicTasks).
 * A tick that comes while the previous run is still going is skipped.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running = false;
  private readonly logger: Logger;

  constructor(
    name: string,
    private readonly seconds: number,
    private readonly run: () => Promise<unknown>,
    private readonly claim?: () => Promise<boolean>,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    const tick = async () => {
      // A run still going when the next tick comes (a slow database) is not joined by a second.
      if (this.running) return;
      this.running = true;
      try {
        if (this.claim && !(await this.claim())) return;
        await this.run();
      } catch (e) {
        // A database error can quote a row ("Key (phone)=(…)"): contacts masked, as for provider errors.
        this.logger.error(`failed: ${maskContacts(String((e as Error)?.message ?? e))}`);
      } finally {
        this.running = false;
      }
    };
    void tick();
    this.timer = setInterval(() => void tick(), this.seconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/**
 * Periodic tasks that must run once across every worker process (reconcilers, the dashboards'
 * refresh, retention): each task has a lease row in PostgreSQL (`periodic_lease`). A tick runs
 * when this process holds the lease or takes it over once it expired (1.5 periods after its
 * holder's last tick: a killed worker hands over by itself); a graceful stop gives it back. One
 * statement per tick, no session state (safe behind PgBouncer in transaction mode).
 */
@Injectable()
export class PeriodicTasks implements BeforeApplicationShutdown {
  /** This process (and this context: tests start several in one process). */
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly tasks: PeriodicTask[] = [];

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A task run once per period by one of the processes that declare it. */
  every(name: string, seconds: number, run: () => Promise<unknown>): PeriodicTask {
    const task = new PeriodicTask(name, seconds, run, () => this.claim(name, seconds));
    this.tasks.push(task);
    return task;
  }

  /** Takes or renews the lease of `name`; true when this process holds it. */
  async claim(name: string, seconds: number): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO periodic_lease (name, holder, until) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
        WHERE periodic_lease.until <= now() OR periodic_lease.holder = EXCLUDED.holder
       RETURNING holder`,
      [name, this.holder, seconds * 1.5 + 1],
    );
    return rows.length === 1;
  }

  /** Before any pool closes (onApplicationShutdown hooks close them): the leases go back at once. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const t of this.tasks) t.stop();
    if (this.db.isInitialized) await this.db.query(`DELETE FROM periodic_lease WHERE holder = $1`, [this.holder]).catch(() => undefined);
  }
}
