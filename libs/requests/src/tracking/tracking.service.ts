import { Injectable } from '@nestjs/common';
import { NotFound, ReadReplica } from '@app/core';
import { filedForOf, maskedFiledFor } from '../requests/filed-for';
import { NEXT_STEP } from '../requests/state-machine';
import { TrackingDto, TrackingQueryDto } from './dto/tracking.dto';

@Injectable()
export class TrackingService {
  constructor(private readonly reads: ReadReplica) {}

  /**
   * A wrong CIN answers exactly like an unknown code; a request filed under a mandate answers to
   * either person's CIN, and one filed for someone else names both people by their initials.
   */
  async track(trackingCode: string, q: TrackingQueryDto): Promise<TrackingDto> {
    // Lag-tolerant (the replica when there is one); a miss there asks the primary, so the code
    // a citizen has just received is found at once.
    const [row] = await this.reads.query(
      `SELECT r.id, r.tracking_code, r.procedure_code, r.state, r.updated_at, (r.proxy_id IS NOT NULL OR r.dependent_id IS NOT NULL) AS for_other
         FROM service_request r JOIN citizen c ON c.id = r.citizen_id LEFT JOIN citizen x ON x.id = r.proxy_id
        WHERE r.tracking_code = $1 AND (c.cin = $2 OR x.cin = $2)`,
      [trackingCode.trim().toUpperCase(), q.cin.trim().toUpperCase().replace(/\s+/g, '')],
      { primaryIfEmpty: true, prepared: true },
    );
    if (!row) throw new NotFound('Request', 'No request matches this tracking code and identity');
    // Filed for someone else: both people, as initials (a public answer).
    const filedFor = row.for_other ? (await filedForOf(this.reads, [row.id])).get(row.id) : undefined;
    return {
      trackingCode: row.tracking_code,
      procedureCode: row.procedure_code,
      state: row.state,
      updatedAt: new Date(row.updated_at).toISOString(),
      nextStep: NEXT_STEP[row.state as keyof typeof NEXT_STEP],
      ...(filedFor ? { filedFor: maskedFiledFor(filedFor) } : {}),
    };
  }
}
