import { Logger } from '@nestjs/common';

/**
 * A task a worker runs at start and then every `seconds`, from an in-process timer: unlike a
 * schedule kept in Redis, a flush cannot erase it. Failures are logged, never thrown.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private readonly logger: Logger;

  constructor(
    name: string,
    private readonly seconds: number,
    private readonly run: () => Promise<unknown>,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    const tick = () => this.run().catch((e) => this.logger.error(`failed: ${(e as Error).message}`));
    void tick();
    this.timer = setInterval(tick, this.seconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
