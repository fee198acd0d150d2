import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, Channel } from '@app/core';
import { LIFECYCLE, REQUEST_STATES, RequestState } from '../state-machine';
import { ServiceRequestRecord } from '../request.record';
import { FiledForDto } from './filed-for.dto';
import { CallerMoves } from '../caller-moves';
import { AllowedTransitionDto } from './allowed-transition.dto';

export class RequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'BRK5-2026-000123' }) trackingCode: string;
  @ApiProperty({ example: 'RESIDENCE' }) procedureCode: string;
  @ApiProperty({ format: 'uuid', description: 'The guide version the request was made under' }) procedureVersionId: string;
  @ApiProperty({ format: 'uuid' }) citizenId: string;
  @ApiProperty({ enum: CHANNELS, enumName: 'Channel' }) channel: Channel;
  @ApiProperty({ enum: REQUEST_STATES, enumName: 'RequestState' }) state: RequestState;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigneeId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Who holds it (GET /requests/{id}, staff only): only they decide' })
  assigneeName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: "The citizen's name (staff queue only)" }) citizenName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: "The citizen's name in Arabic letters (staff queue only)" })
  citizenNameAr?: string | null;
  @ApiPropertyOptional({ type: String, example: 'BK****56', description: "The citizen's CIN, masked (staff queue only)" })
  citizenCin?: string;
  @ApiProperty({ nullable: true, type: Number }) counter: number | null;
  @ApiProperty({ format: 'date-time' }) slaDueAt: string;
  @ApiProperty() atRisk: boolean;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ description: 'Optimistic lock: send it back with a transition' }) version: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Form answers by field key' }) form: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) certificateNumber: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'DGSN', description: 'The agency a forwarded request went to' }) agencyCode:
    string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Filed under a mandate: the proxy who filed it for the owner' })
  proxyId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Filed for a minor child of the owner' }) dependentId:
    string | null;
  @ApiPropertyOptional({ type: FiledForDto, description: 'Filed for someone else: both people (GET /requests and /requests/{id})' })
  filedFor?: FiledForDto;
  @ApiProperty({
    type: [AllowedTransitionDto],
    description:
      'The moves the caller may make now (POST /requests/{id}/transitions accepts exactly these): the lifecycle table, the assignee rule and the permissions',
  })
  allowedTransitions: AllowedTransitionDto[];
  @ApiProperty({ description: 'The caller may claim it now (POST /requests/{id}/claim)' }) claimable: boolean;
  @ApiProperty({ description: 'Only its assignee decides in this state; anyone else at the desk takes it over first' }) held: boolean;
  @ApiProperty({ description: 'The outcome is still being worked toward (by the annex or an agency): worth following, with a due date' })
  inProgress: boolean;
  @ApiProperty({ description: 'Still with the annex or an agency: shown in the agent queue without a state filter' }) open: boolean;
  @ApiPropertyOptional({
    example: 'BRK5-2026-R-000123',
    description: 'Submission only: the receipt (law 55-19) given at once; GET /requests/{id}/receipt has all of it',
  })
  receiptNumber?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Submission only: the legal deadline on the receipt' }) legalDeadline?: string;
}

/** The request as `moves` says its caller sees it (see RequestViews). */
export function toRequestDto(r: ServiceRequestRecord, moves: CallerMoves): RequestDto {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: r.id,
    trackingCode: r.trackingCode,
    procedureCode: r.procedureCode,
    procedureVersionId: r.procedureVersionId,
    citizenId: r.citizenId,
    channel: r.channel,
    state: r.state,
    assigneeId: r.assigneeId,
    counter: r.counter,
    slaDueAt: iso(r.slaDueAt)!,
    atRisk: r.atRisk,
    overdue: r.overdue,
    submittedAt: iso(r.submittedAt)!,
    updatedAt: iso(r.updatedAt)!,
    decidedAt: iso(r.decidedAt),
    closedAt: iso(r.closedAt),
    version: r.version,
    form: r.form,
    certificateNumber: r.certificateNumber,
    agencyCode: r.agencyCode,
    proxyId: r.proxyId,
    dependentId: r.dependentId,
    allowedTransitions: moves.allowedTransitions,
    claimable: moves.claimable,
    held: LIFECYCLE[r.state].held,
    inProgress: LIFECYCLE[r.state].inProgress,
    open: LIFECYCLE[r.state].open,
  };
}
