import { Logger } from '@nestjs/common';
import { PeriodicTask } from './periodic';

describe('PeriodicTask', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs a failed run without the contacts a database error may quote', async () => {
    const logged: string[] = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((m: unknown) => void logged.push(String(m)));
    const task = new PeriodicTask('Test', 3600, async () => {
      throw new Error(
        'duplicate key value violates unique constraint: Key (phone)=(+212612345678) already exists; mail ahmed.benali@example.ma',
      );
    });
    task.start();
    await new Promise((r) => setImmediate(r));
    task.stop();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^failed: duplicate key/);
    expect(logged[0]).not.toContain('612345678');
    expect(logged[0]).not.toContain('ahmed.benali');
  });
});
