import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessLog, decodeCursor, NotFound, Page, PageQuery, Principal, QueueFactory, QUEUES, STAFF_ROLES, toPage } from '@app/core';
import { NotificationDto, RedriveDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';
import { RedriveJobData } from './jobs/notify.job';

const COLUMNS = `id, template, channel, destination_masked, language, status, attempts, request_id, last_error, created_at, sent_at`;

function toDto(r: Record<string, any>, staff: boolean): NotificationDto {
  return {
    id: r.id,
    template: r.template,
    channel: r.channel,
    destination: r.destination_masked,
    language: r.language,
    status: r.status,
    attempts: r.attempts,
    requestId: r.request_id,
    lastError: staff ? r.last_error : null,
    createdAt: new Date(r.created_at).toISOString(),
    sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
  };
}

/** API side: delivery status for a request's owner and staff, and ops' failed list and re-drive. */
@Injectable()
export class NotificationQueries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queues: QueueFactory,
    private readonly notifications: NotificationsService,
    private readonly access: AccessLog,
  ) {}

  async forRequest(requestId: string, p: Principal): Promise<NotificationDto[]> {
    const [r] = await this.db.query(`SELECT citizen_id, annex_id FROM service_request WHERE id = $1`, [requestId]);
    const staff = STAFF_ROLES.includes(p.role);
    // Same rule as the request itself: its owner, or staff of its annex; anyone else: not found.
    if (!r || (p.role === 'citizen' ? r.citizen_id !== p.id : !staff || (p.annexId !== null && p.annexId !== r.annex_id)))
      throw new NotFound('Request');
    // What the annex told the citizen, and when: a staff read of the request.
    await this.access.record(p, [{ citizenId: r.citizen_id, what: 'request', objectId: requestId, requestId }]);
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM notification WHERE request_id = $1 ORDER BY created_at, id`, [requestId]);
    return rows.map((row: Record<string, any>) => toDto(row, staff));
  }

  async failed(q: PageQuery): Promise<Page<NotificationDto>> {
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor, 2);
    const rows = await this.db.query(
      `SELECT ${COLUMNS}, updated_at FROM notification WHERE status = 'failed'
         ${after ? `AND (updated_at, id) < ($1::timestamptz, $2::uuid)` : ''}
        ORDER BY updated_at DESC, id DESC LIMIT ${limit + 1}`,
      after ?? [],
    );
    return toPage(
      rows,
      limit,
      (r: Record<string, any>) => [new Date(r.updated_at).toISOString(), r.id],
      (r) => toDto(r, true),
    );
  }

  async redrive(id: string): Promise<RedriveDto> {
    const job = await this.notifications.requeue(id);
    if (!job) throw new NotFound('Failed notification');
    await this.queues
      .queue(QUEUES.notifications)
      .add('redrive', { outboxJobId: job.jobId, payload: job.payload } satisfies RedriveJobData, { jobId: `redrive-${id}-${Date.now()}` });
    return { id, status: 'queued' };
  }
}
