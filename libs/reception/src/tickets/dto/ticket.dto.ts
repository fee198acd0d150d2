import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '@app/core';
import { IsMobileE164 } from '@app/accounts';

const GROUP = () => Matches(/^[A-Z]$/, { message: 'group must be one capital letter (A certificates, B dossiers, C information)' });

export class TicketCreate {
  @ApiProperty({ example: 'A', description: 'Service group: A certificates, B passport/firearm dossiers, C information' })
  @GROUP()
  group: string;
  @ApiPropertyOptional({ enum: ['elderly', 'disabled', 'pregnant'], enumName: 'TicketPriority' })
  @IsOptional()
  @IsIn(['elderly', 'disabled', 'pregnant'])
  priority?: 'elderly' | 'disabled' | 'pregnant';
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() citizenId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() requestId?: string;
  @ApiPropertyOptional({ example: '+212612345678', description: 'To receive the number and the estimated wait by SMS' })
  @IsOptional()
  @IsMobileE164()
  phone?: string;
  @ApiPropertyOptional({
    enum: ['ar', 'fr', 'en', 'zgh'],
    enumName: 'AlertLanguage',
    description: "The SMS's language (a known citizen's own preference wins)",
  })
  @IsOptional()
  @IsIn(['ar', 'fr', 'en', 'zgh'])
  language?: 'ar' | 'fr' | 'en' | 'zgh';
}

export class CallNext {
  @ApiProperty({ example: ['A', 'C'], description: 'Groups this counter serves now' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(26)
  @Matches(/^[A-Z]$/, { each: true, message: 'each group must be one capital letter' })
  groups: string[];
}

export class Transfer {
  @ApiProperty({ example: 'B' }) @GROUP() group: string;
}

export class CloseTicket {
  @ApiPropertyOptional({ format: 'uuid', description: 'The request handled for this visitor' }) @IsOptional() @IsUUID() requestId?: string;
}

export class TicketQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['waiting', 'called', 'no_show', 'closed'], enumName: 'TicketState' })
  @IsOptional()
  @IsIn(['waiting', 'called', 'no_show', 'closed'])
  state?: string;
}

export class TicketBookingDto {
  @ApiProperty() code: string;
  @ApiProperty() procedureCode: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestId: string | null;
}

export class TicketDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'A-042' }) number: string;
  @ApiProperty({ example: 'A' }) group: string;
  @ApiProperty({ enum: ['elderly', 'disabled', 'pregnant'], enumName: 'TicketPriority', nullable: true, type: String }) priority:
    string | null;
  @ApiProperty({ enum: ['waiting', 'called', 'no_show', 'closed'], enumName: 'TicketState' }) state: string;
  @ApiProperty({ nullable: true, type: Number }) counter: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) calledAt: string | null;
  @ApiPropertyOptional({ description: 'Estimated wait in minutes, from recent service times (when issued)' }) estimatedWaitMinutes?: number;
  @ApiPropertyOptional({ description: 'People ahead in the same group (when issued)' }) ahead?: number;
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The appointment checked in as this ticket (null: a walk-in)',
  })
  appointmentId?: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, description: "The appointment's time" }) dueAt?: string | null;
  @ApiPropertyOptional({
    type: TicketBookingDto,
    description: 'Call-next of an appointment: its booking and request, for the counter panel',
  })
  appointment?: TicketBookingDto;
  @ApiPropertyOptional({ description: 'Taken from the phone on the day (a walk-in who is texted when the turn is near)' })
  virtual?: boolean;
}

export class GroupWaitDto {
  @ApiProperty({ example: 'A' }) group: string;
  @ApiProperty({ description: 'Tickets waiting in the group now' }) waiting: number;
  @ApiProperty({ description: "A newcomer's predicted wait in minutes (the figure a ticket or booking answer gives)" })
  estimatedWaitMinutes: number;
}

export class GroupWaitsDto {
  @ApiProperty({ type: [GroupWaitDto] }) items: GroupWaitDto[];
}

export class VirtualTicketCreate {
  @ApiProperty({ example: 'LIFE', description: 'The procedure of the visit: the ticket joins the walk-in queue of its service group' })
  @IsString()
  @Matches(/^[A-Za-z0-9_]{1,32}$/, { message: 'procedureCode must be a procedure code' })
  procedureCode: string;
  @ApiPropertyOptional({ format: 'uuid', description: "The annex (default: the citizen's own)" }) @IsOptional() @IsUUID() annexId?: string;
}
