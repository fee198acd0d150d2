import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DayPeriodQuery } from '@app/core';

export const TICKET_GROUP_BY = ['group', 'counter', 'hour', 'day', 'kind'] as const;
export type TicketGroupBy = (typeof TICKET_GROUP_BY)[number];

/** Default period: today. */
export class TicketMetricsQuery extends DayPeriodQuery {
  @ApiPropertyOptional({
    enum: TICKET_GROUP_BY,
    enumName: 'TicketMetricsGroupBy',
    default: 'group',
    description: 'hour: the local hour the ticket was issued; kind: appointment or walk_in (waits of booked visits against walk-ins)',
  })
  @IsOptional()
  @IsIn(TICKET_GROUP_BY)
  groupBy?: TicketGroupBy;
}

export class TicketStatsDto {
  @ApiProperty({
    description: 'Service group letter, counter number ("none" if never called), local hour 00-23, day, or appointment / walk_in',
  })
  key: string;
  @ApiProperty({ description: 'Tickets issued' }) tickets: number;
  @ApiProperty({ description: 'Closed after service' }) served: number;
  @ApiProperty() noShows: number;
  @ApiProperty({ description: 'Still waiting' }) waiting: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Minutes from issue to first call' }) waitMeanMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) waitMedianMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) waitP90Minutes: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Minutes from the (last) call to the close, served tickets' })
  serviceMeanMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) serviceMedianMinutes: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Mean absolute error of the wait told at issue (walk-ins, phone tickets) against the wait until the first call, minutes',
  })
  predictedWaitMaeMinutes: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: "Appointments: mean of check-in minus the appointment's time, minutes (negative: early)",
  })
  punctualityMeanMinutes: number | null;
}

export class AppointmentLoadDto {
  @ApiProperty({ example: 'D', description: 'Service group' }) group: string;
  @ApiProperty({ example: '09', description: 'Local hour of the slots, 00-23' }) hour: string;
  @ApiProperty({ description: 'Places offered in the period: slots of the opening hours × counters' }) capacity: number;
  @ApiProperty({ description: 'Appointments held (booked, checked in or no-show; not cancelled)' }) booked: number;
  @ApiProperty() checkedIn: number;
  @ApiProperty() noShows: number;
  @ApiProperty({ nullable: true, type: Number, description: 'No-shows / (check-ins + no-shows)' }) noShowRate: number | null;
}

export class TicketMetricsDto {
  @ApiProperty({ enum: TICKET_GROUP_BY, enumName: 'TicketMetricsGroupBy' }) groupBy: TicketGroupBy;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [TicketStatsDto] }) groups: TicketStatsDto[];
  @ApiProperty({ type: [AppointmentLoadDto], description: 'Booked against capacity per service group and hour of the period' })
  appointments: AppointmentLoadDto[];
  @ApiProperty({ nullable: true, type: Number, description: "The period's appointment no-show rate: no-shows / (check-ins + no-shows)" })
  appointmentNoShowRate: number | null;
}
