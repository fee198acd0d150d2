import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InvalidInput, NotFound } from '@app/core';
import { NEXT_STEP } from '../requests/state-machine';
import { TrackingDto, TrackingQueryDto } from './dto/tracking.dto';

@Injectable()
export class TrackingService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A wrong CIN or birth date answers exactly like an unknown code. */
  async track(trackingCode: string, q: TrackingQueryDto): Promise<TrackingDto> {
    if (!q.cin && !q.birthDate) {
      throw new InvalidInput([{ field: 'cin', reason: 'required', message: 'give the applicant\'s cin or birthDate' }]);
    }
    const [row] = await this.db.query(
      `SELECT r.tracking_code, r.procedure_code, r.state, r.updated_at
         FROM service_request r JOIN citizen c ON c.id = r.citizen_id
        WHERE r.tracking_code = $1 AND ($2::text IS NULL OR c.cin = $2) AND ($3::date IS NULL OR c.birth_date = $3::date)`,
      [trackingCode.trim().toUpperCase(), q.cin ? q.cin.trim().toUpperCase().replace(/\s+/g, '') : null, q.birthDate ?? null],
    );
    if (!row) throw new NotFound('Request', 'No request matches this tracking code and identity');
    return {
      trackingCode: row.tracking_code,
      procedureCode: row.procedure_code,
      state: row.state,
      updatedAt: new Date(row.updated_at).toISOString(),
      nextStep: NEXT_STEP[row.state as keyof typeof NEXT_STEP],
    };
  }
}
