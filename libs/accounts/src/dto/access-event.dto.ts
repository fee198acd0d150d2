import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ACCESS_WHATS, DayPeriodQuery, PageQuery } from '@app/core';
import { STAFF_ACCOUNT_ROLES } from './staff.dto';

export class AnnexNameDto {
  @ApiProperty() ar: string;
  @ApiProperty() fr: string;
}

/**
 * One staff read of the citizen's data, as the citizen sees it. Policy: the staff member's name
 * is not shown (role, annex, counter and purpose are); the annex's supervisor identifies them
 * from the event id when the citizen asks, which keeps agents safe from pressure at the desk.
 */
export class AccessEventDto {
  @ApiProperty({ description: 'Quote it to the annex to ask who it was' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ACCESS_WHATS, enumName: 'AccessWhat' }) what: string;
  // The one StaffRole list: a second list under the same enumName made the published schema depend
  // on which controller the scanner met first.
  @ApiProperty({ enum: STAFF_ACCOUNT_ROLES, enumName: 'StaffRole' }) role: string;
  @ApiProperty({ nullable: true, type: AnnexNameDto, description: 'The annex read from' }) annex: { ar: string; fr: string } | null;
  @ApiProperty({ nullable: true, type: Number }) counter: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'The request being processed (tracking code)' }) requestTrackingCode:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The reason typed for a free search or opening the profile' }) reason:
    string | null;
}

/** The same event for the annex's supervisor: who, and whose record. */
export class AuditEventDto extends AccessEventDto {
  @ApiProperty({ format: 'uuid' }) staffId: string;
  @ApiProperty({ nullable: true, type: String }) staffUsername: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) citizenId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) objectId: string | null;
}

export class AuditQuery extends IntersectionType(PageQuery, DayPeriodQuery) {
  @ApiPropertyOptional({ format: 'uuid', description: 'One staff member' }) @IsOptional() @IsUUID() staffId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'One citizen' }) @IsOptional() @IsUUID() citizenId?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

/** A staff member whose reading looks unusual for the period. */
export class AccessAlertDto {
  @ApiProperty({ format: 'uuid' }) staffId: string;
  @ApiProperty({ nullable: true, type: String }) staffUsername: string | null;
  @ApiProperty() role: string;
  @ApiProperty({ description: 'Distinct citizens read' }) citizens: number;
  @ApiProperty({ description: 'Distinct citizens read outside any request (profile opened or found by a search)' }) outsideRequests: number;
  @ApiProperty({ description: 'Reads of a profile without a typed reason' }) withoutReason: number;
  @ApiProperty({ enum: ['many-outside-requests', 'many-records'], enumName: 'AccessAlertKind', isArray: true }) kinds: string[];
}
