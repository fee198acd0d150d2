import { Injectable } from '@nestjs/common';
import { Conflict, DomainError, NotFound, objectOf, QueueFactory, QueueName, QUEUES } from '@app/core';
import { QueueStatusDto, RetriedDto } from './dto/queue-status.dto';

export const QUEUE_NAMES = Object.values(QUEUES) as string[];

class UnknownQueue extends DomainError {
  constructor(name: string) {
    super(404, 'not-found', 'Not found', `No queue named ${name}`, [
      { field: 'queue', reason: 'isIn', message: `must be one of ${QUEUE_NAMES.join(', ')}` },
    ]);
  }
}

/** The ops view of every queue: depth per state and the latest failures. */
@Injectable()
export class QueueDashboard {
  constructor(private readonly queues: QueueFactory) {}

  async status(): Promise<QueueStatusDto[]> {
    return Promise.all(
      Object.values(QUEUES).map(async (name) => {
        const q = this.queues.queue(name);
        const [counts, failed] = await Promise.all([
          q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
          q.getFailed(0, 9),
        ]);
        return {
          name,
          counts,
          recentFailures: failed.map((j) => ({
            id: j.id ?? '',
            name: j.name,
            object: objectOf(j.data),
            failedReason: (j.failedReason ?? '').slice(0, 200),
            attemptsMade: j.attemptsMade,
            finishedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
          })),
        };
      }),
    );
  }

  private named(queue: string) {
    if (!QUEUE_NAMES.includes(queue)) throw new UnknownQueue(queue);
    return this.queues.queue(queue as QueueName);
  }

  /** One failed job back to waiting, its attempts counted afresh. */
  async retry(queue: string, jobId: string): Promise<RetriedDto> {
    const job = await this.named(queue).getJob(jobId);
    if (!job) throw new NotFound('Job');
    if (!(await job.isFailed()))
      throw new Conflict('job-not-failed', 'Job not failed', `The job is ${await job.getState()}; only failed jobs are retried`);
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return { retried: 1 };
  }

  /** Every failed job of a queue back to waiting. */
  async retryFailed(queue: string): Promise<RetriedDto> {
    const q = this.named(queue);
    const failed = await q.getJobCountByTypes('failed');
    await q.retryJobs({ state: 'failed', count: 1000 });
    return { retried: failed };
  }
}
