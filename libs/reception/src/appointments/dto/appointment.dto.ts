import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '@app/core';
import { IsCin, IsMoroccanMobile } from '@app/accounts';

export const APPOINTMENT_STATES = ['booked', 'checked_in', 'cancelled', 'no_show'] as const;
export type AppointmentState = (typeof APPOINTMENT_STATES)[number];

const PROCEDURE = () => Matches(/^[A-Za-z_]{2,32}$/, { message: 'procedure must be a procedure code of the guide, e.g. RESIDENCE' });
const DATE = (field: string) => Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${field} must be a date YYYY-MM-DD` });

export class SlotQuery {
  @ApiProperty({ example: 'PASSPORT', description: 'The procedure the visit is for' }) @PROCEDURE() procedure: string;
  @ApiPropertyOptional({ format: 'date', description: 'First local day (default: today)' }) @IsOptional() @DATE('from') from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Last local day (default: from + 7 days; at most 31 days)' })
  @IsOptional()
  @DATE('to')
  to?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "The annex (default: the caller's, or the only annex offering the procedure)" })
  @IsOptional()
  @IsUUID()
  annex?: string;
}

export class BookableQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "The annex (default: the caller's; every annex for an anonymous caller)" })
  @IsOptional()
  @IsUUID()
  annex?: string;
}

export class BookableServiceDto {
  @ApiProperty({ example: 'PASSPORT' }) procedureCode: string;
  @ApiProperty({ format: 'uuid' }) annexId: string;
  @ApiProperty({ example: 'B' }) group: string;
  @ApiProperty() visitMinutes: number;
  @ApiProperty({ description: 'Places per slot (counters serving it)' }) capacity: number;
  @ApiProperty({ description: 'How many days ahead slots are released' }) daysAhead: number;
}

/** How an annex offers a procedure by appointment (an admin of the annex, or a province-wide admin naming it). */
export class BookableServiceInput {
  @ApiPropertyOptional({ format: 'uuid', description: "The annex (a province-wide admin names it; an annex's admin acts on their own)" })
  @IsOptional()
  @IsUUID()
  annexId?: string;
  @ApiProperty({ example: 'B', description: 'The ticket group that serves the visit' })
  @Matches(/^[A-Z]$/, { message: 'group must be one capital letter' })
  group: string;
  @ApiProperty({ example: 20, minimum: 5, maximum: 240, description: 'How long a visit takes (minutes)' })
  @IsInt()
  @Min(5)
  @Max(240)
  visitMinutes: number;
  @ApiProperty({ example: 2, minimum: 1, maximum: 50, description: 'Places per slot (counters serving it)' })
  @IsInt()
  @Min(1)
  @Max(50)
  capacity: number;
  @ApiPropertyOptional({ example: 14, minimum: 0, maximum: 90, description: 'How many days ahead slots are released (default 14)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(90)
  daysAhead?: number;
  @ApiPropertyOptional({ example: '08:00', description: 'Local time at which the next day is released (default 08:00)' })
  @IsOptional()
  @Matches(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { message: 'releaseTime must be HH:MM' })
  releaseTime?: string;
  @ApiPropertyOptional({ description: 'false stops new bookings (existing ones stay)' }) @IsOptional() @IsBoolean() active?: boolean;
}

export class BookableListDto {
  @ApiProperty({ type: [BookableServiceDto] }) items: BookableServiceDto[];
}

/** One slot: it ends visitMinutes later and holds `capacity` places (both given once, on the list). */
export class SlotDto {
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ description: 'Places left' }) free: number;
}

export class SlotsDto {
  @ApiProperty() procedure: string;
  @ApiProperty({ format: 'uuid' }) annexId: string;
  @ApiProperty({ example: 'B' }) group: string;
  @ApiProperty() visitMinutes: number;
  @ApiProperty({ description: 'Places per slot (counters serving it)' }) capacity: number;
  @ApiProperty({ description: 'Predicted wait after check-in, from recent service times of the group' }) estimatedWaitMinutes: number;
  @ApiProperty({ type: [SlotDto], description: 'Free slots only, in time order' }) slots: SlotDto[];
}

export class AppointmentCreate {
  @ApiProperty({ example: 'PASSPORT' }) @PROCEDURE() procedureCode: string;
  @ApiProperty({ format: 'date-time', description: 'The start of a free slot, as GET /appointments/slots lists it' })
  @IsISO8601({ strict: true })
  startsAt: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Staff and kiosk: the citizen the visit is for' })
  @IsOptional()
  @IsUUID()
  citizenId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The request the visit is for (e.g. collecting its certificate)' })
  @IsOptional()
  @IsUUID()
  requestId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() annexId?: string;
}

export class AppointmentUpdate {
  @ApiProperty({ format: 'date-time', description: 'The new slot' }) @IsISO8601({ strict: true }) startsAt: string;
}

export class AppointmentQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date', description: 'Staff: the local day (default today)' }) @IsOptional() @DATE('day') day?: string;
  @ApiPropertyOptional({ enum: APPOINTMENT_STATES, enumName: 'AppointmentState' })
  @IsOptional()
  @IsIn(APPOINTMENT_STATES)
  state?: AppointmentState;
}

export class AppointmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'K7M2QX9P', description: 'The booking code (typed at the kiosk; the QR carries it)' }) code: string;
  @ApiProperty() procedureCode: string;
  @ApiProperty({ example: 'B' }) group: string;
  @ApiProperty({ format: 'uuid' }) annexId: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({ enum: APPOINTMENT_STATES, enumName: 'AppointmentState' }) state: AppointmentState;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) ticketId: string | null;
  @ApiProperty({ description: 'SVG of a QR code carrying the booking code' }) qrSvg: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** Booking without an account: the CIN and the phone on file; the code goes to that phone. */
export class GuestBookingStart {
  @ApiProperty({ example: 'BK123456' }) @IsCin() cin: string;
  @ApiProperty({ example: '+212612345678', description: 'The phone the annex has on file for this CIN' }) @IsMoroccanMobile() phone: string;
  @ApiProperty({ example: 'PASSPORT' }) @PROCEDURE() procedureCode: string;
  @ApiProperty({ format: 'date-time', description: 'A free slot start, as GET /appointments/slots lists it' })
  @IsISO8601({ strict: true })
  startsAt: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() annexId?: string;
}

export class GuestBookingStartedDto {
  @ApiProperty({ format: 'uuid', description: 'Send it back with the code (the same answer whether or not the CIN and phone match)' })
  codeId: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class GuestBookingConfirm {
  @ApiProperty({ format: 'uuid' }) @IsUUID() codeId: string;
  @ApiProperty({ example: '123456' }) @Matches(/^\d{6}$/, { message: 'code must be the 6 digits received by SMS' }) code: string;
}
