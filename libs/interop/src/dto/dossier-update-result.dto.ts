import { ApiProperty } from '@nestjs/swagger';
import { REQUEST_STATES, RequestState } from '@app/requests';
import { DOSSIER_STATUSES, DossierStatus } from './dossier-update.dto';

export const DOSSIER_OUTCOMES = ['applied', 'recorded', 'stale'] as const;

export class DossierUpdateResultDto {
  @ApiProperty({ example: 'DGSN-2026-000731-03' }) updateId: string;
  @ApiProperty({ example: 'BRK5-2026-000731' }) trackingCode: string;
  @ApiProperty({ enum: DOSSIER_STATUSES, enumName: 'DossierStatus' }) status: DossierStatus;
  @ApiProperty({
    enum: DOSSIER_OUTCOMES,
    enumName: 'DossierUpdateOutcome',
    description:
      'applied: the request changed state; recorded: timeline only; stale: older than an update already received, kept but without effect',
  })
  outcome: (typeof DOSSIER_OUTCOMES)[number];
  @ApiProperty({ description: 'True when this updateId had already been received (nothing was done again)' }) duplicate: boolean;
  @ApiProperty({
    enum: REQUEST_STATES,
    enumName: 'RequestState',
    example: 'ready_for_pickup',
    description: "The request's state after the update",
  })
  requestState: RequestState;
}
