import { ApiProperty } from '@nestjs/swagger';

export class ProcessingStatsDto {
  @ApiProperty({ description: 'Group key: agent id, procedure code, channel, counter number or period start' }) key: string;
  @ApiProperty({ nullable: true, type: String, description: 'Human label (agent name, ...)' }) label: string | null;
  @ApiProperty({ description: 'Requests decided' }) count: number;
  @ApiProperty({ description: 'Mean working minutes from submission to decision (waits for the citizen excluded)' }) meanMinutes: number;
  @ApiProperty() medianMinutes: number;
  @ApiProperty() p90Minutes: number;
  @ApiProperty({ description: 'Share decided within the SLA, 0..1' }) slaComplianceRate: number;
}

export class ProcessingTimesDto {
  @ApiProperty() groupBy: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [ProcessingStatsDto] }) groups: ProcessingStatsDto[];
  @ApiProperty({ type: ProcessingStatsDto, nullable: true, description: 'The whole annex over the period' })
  annex: ProcessingStatsDto | null;
}

export class SlaItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() trackingCode: string;
  @ApiProperty() procedureCode: string;
  @ApiProperty() state: string;
  @ApiProperty({ format: 'date-time' }) slaDueAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigneeId: string | null;
}

export class SlaProcedureDto {
  @ApiProperty() procedureCode: string;
  @ApiProperty() backlog: number;
  @ApiProperty() atRisk: number;
  @ApiProperty() overdue: number;
}

export class SlaDto {
  @ApiProperty({ format: 'date-time', description: 'When these figures were computed (a snapshot shared for a few seconds)' }) asOf: string;
  @ApiProperty({ description: 'Open requests' }) backlog: number;
  @ApiProperty() atRisk: number;
  @ApiProperty() overdue: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Share decided within the SLA over the last 30 days' }) complianceRate30d:
    number | null;
  @ApiProperty({ type: [SlaProcedureDto] }) byProcedure: SlaProcedureDto[];
  @ApiProperty({ type: [SlaItemDto], description: 'At risk, soonest due first (50 at most)' }) atRiskList: SlaItemDto[];
  @ApiProperty({ type: [SlaItemDto], description: 'Overdue, oldest due first (50 at most)' }) overdueList: SlaItemDto[];
}

export class CensusCellDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'Residents, rounded to the nearest multiple of 5; null when suppressed (fewer than 5 people, or the cell that would reveal them)',
  })
  count: number | null;
  @ApiProperty() suppressed: boolean;
}

export class CensusMovementDto {
  @ApiProperty({ example: '2026-11' }) month: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Rounded like the cells; null for 1-4' }) movedIn: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Rounded like the cells; null for 1-4' }) movedOut: number | null;
}

export class CensusDto {
  @ApiProperty() by: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Current residents of the annex, rounded like the cells (null under 5)' })
  total: number | null;
  @ApiProperty({ description: 'The base every published count is rounded to' }) rounding: number;
  @ApiProperty({ type: [CensusCellDto] }) cells: CensusCellDto[];
  @ApiProperty({ type: [CensusMovementDto], description: 'Moves in and out, last 12 months' }) movements: CensusMovementDto[];
}

export class TransparencyProcedureDto {
  @ApiProperty() procedureCode: string;
  @ApiProperty({ description: 'Name in ar, fr, en', type: Object }) name: Record<string, string>;
  @ApiProperty() decided: number;
  @ApiProperty({ nullable: true, type: Number }) medianMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90Minutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) slaComplianceRate: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Law 55-19: share of decisions made by the legal deadline on their receipt (0..1)',
  })
  withinLegalDelayRate: number | null;
  @ApiProperty({ description: 'Law 55-19: requests accepted because the legal delay passed in silence' }) tacitAcceptances: number;
}

export class TransparencyChannelDto {
  @ApiProperty() channel: string;
  @ApiProperty() requests: number;
}

/** One annex's figures beside the others' (province view and public comparison), small cells withheld. */
export class AnnexFiguresDto {
  @ApiProperty() code: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Requests decided over the period (null under 5: then no time is published either)',
  })
  decided: number | null;
  @ApiProperty({ nullable: true, type: Number }) medianMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90Minutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) slaComplianceRate: number | null;
  @ApiProperty({ description: 'Open requests now' }) backlog: number;
  @ApiProperty({ description: 'Open requests past their due time' }) overdue: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Tickets issued over the period (null under 5)' }) tickets: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Median minutes from ticket to first call (null under 5 tickets)' })
  ticketWaitMedianMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Current residents, rounded like the census (null under 5)' }) residents:
    number | null;
}

export class ProvinceViewDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [AnnexFiguresDto] }) annexes: AnnexFiguresDto[];
}

export class TransparencyDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [TransparencyProcedureDto] }) procedures: TransparencyProcedureDto[];
  @ApiProperty({ type: [TransparencyChannelDto], description: 'Requests served (decided) per channel over the period' })
  channels: TransparencyChannelDto[];
  @ApiProperty({ type: [AnnexFiguresDto], description: 'Every open annex side by side over the last 30 days' }) annexes: AnnexFiguresDto[];
}
