/**
 * Graceful stop with a deadline. Nest closes queues and pools on SIGTERM/SIGINT; when the servers
 * they talk to are already gone (a developer's Ctrl-C stops Redis and PostgreSQL in the same
 * breath) that close can wait forever, and the process lingers as an orphan. Past the deadline it
 * exits with status 1 and says so.
 */
export function exitIfStopHangs(seconds: number, name: string): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(`${name}: graceful stop took over ${seconds} s; exiting\n`);
        process.exit(1);
      }, seconds * 1000).unref();
    });
  }
}
