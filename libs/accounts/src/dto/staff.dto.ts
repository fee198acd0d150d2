import { PageQuery } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { IsAcceptablePassword } from '../auth/password-rule';
import { IsPhoneE164 } from './validators';

export const STAFF_ACCOUNT_ROLES = ['reception', 'agent', 'supervisor', 'admin', 'kiosk', 'display'] as const;

export class StaffCreate {
  @ApiProperty({ example: 'agent3' })
  @Matches(/^[a-z0-9._-]{3,64}$/, { message: 'username must be 3-64 lower-case letters, digits, ".", "_" or "-"' })
  username: string;
  @ApiProperty() @IsString() @Length(2, 120) fullName: string;
  @ApiPropertyOptional({ example: 'يوسف الإدريسي', description: 'The name in Arabic letters (printed on certificates)' })
  @IsOptional()
  @IsString()
  @Length(2, 120)
  fullNameAr?: string;
  @ApiProperty({ enum: STAFF_ACCOUNT_ROLES, enumName: 'StaffRole' }) @IsIn(STAFF_ACCOUNT_ROLES) role: (typeof STAFF_ACCOUNT_ROLES)[number];
  @ApiProperty({ format: 'password', minLength: 10 })
  @IsString()
  @Length(10, 200, { message: 'password must be at least 10 characters' })
  @IsAcceptablePassword()
  password: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: "Annex; omitted: the admin's own (a province-wide admin must give one, except for another admin)",
  })
  @IsOptional()
  @IsUUID()
  annexId?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional({ example: '+212661234567' }) @IsOptional() @IsPhoneE164() phone?: string;
}

export class StaffPatch {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(2, 120) fullName?: string;
  @ApiPropertyOptional({ description: 'The name in Arabic letters (printed on certificates)' })
  @IsOptional()
  @IsString()
  @Length(2, 120)
  fullNameAr?: string;
  @ApiPropertyOptional({ enum: STAFF_ACCOUNT_ROLES, enumName: 'StaffRole' })
  @IsOptional()
  @IsIn(STAFF_ACCOUNT_ROLES)
  role?: (typeof STAFF_ACCOUNT_ROLES)[number];
  @ApiPropertyOptional({ description: 'false disables the account and signs it out everywhere' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
  @ApiPropertyOptional({ format: 'password', description: 'Password reset (signs the account out)' })
  @IsOptional()
  @IsString()
  @Length(10, 200)
  @IsAcceptablePassword()
  password?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsPhoneE164() phone?: string;
}

export class StaffDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ nullable: true, type: String }) fullNameAr: string | null;
  @ApiProperty({ enum: STAFF_ACCOUNT_ROLES, enumName: 'StaffRole' }) role: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) annexId: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class NeighbourhoodDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
}

export class CounterDto {
  @ApiProperty() number: number;
  @ApiProperty() label: string;
  @ApiProperty({ type: [String], description: 'Ticket groups it serves' }) groups: string[];
}

export class NeighbourhoodQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'BRK5', description: "Annex code (default: the caller's, or the default annex)" })
  @IsOptional()
  @Matches(/^[A-Z0-9]{2,8}$/)
  annex?: string;
}
