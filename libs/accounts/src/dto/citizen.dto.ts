import { ApiProperty, ApiPropertyOptional, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { IsDateString, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageQuery } from '@app/core';
import { IsBirthDate, IsCin, IsMoroccanMobile } from './validators';

/** The languages alerts are written in (Tamazight in Tifinagh included). */
const LANGS = ['ar', 'fr', 'en', 'zgh'] as const;
const CHANNELS = ['sms', 'email', 'both'] as const;

/** Identity, contact and residence of a citizen (assisted creation body, and sign-up). */
export class CitizenInput {
  @IsCin() cin: string;
  @ApiProperty() @IsString() @Length(1, 80) firstName: string;
  @ApiProperty() @IsString() @Length(1, 80) lastName: string;
  @ApiProperty({ example: 'أمينة' }) @IsString() @Length(1, 80) firstNameAr: string;
  @ApiProperty({ example: 'برادة' }) @IsString() @Length(1, 80) lastNameAr: string;
  @IsBirthDate() birthDate: string;
  @ApiProperty({ enum: ['F', 'M'], enumName: 'Sex' }) @IsIn(['F', 'M']) sex: 'F' | 'M';
  @IsMoroccanMobile() phone: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() neighbourhoodId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) addressLine?: string;
  @ApiProperty({ enum: LANGS, enumName: 'AlertLanguage' }) @IsIn(LANGS) preferredLanguage: (typeof LANGS)[number];
  @ApiProperty({ enum: CHANNELS, enumName: 'AlertChannel' }) @IsIn(CHANNELS) preferredChannel: 'sms' | 'email' | 'both';
}

/** What staff may correct; `residenceTo` records a move out of the annex. */
export class CitizenPatch extends PartialType(OmitType(CitizenInput, ['cin'] as const)) {
  @ApiPropertyOptional({ format: 'date', description: 'End of residence in the annex (moved out)' })
  @IsOptional()
  @IsDateString({ strict: true })
  residenceTo?: string;
}

/** What a citizen may change themself (identity fields need a counter). */
export class ProfilePatch extends PartialType(
  PickType(CitizenInput, ['phone', 'email', 'addressLine', 'neighbourhoodId', 'preferredLanguage', 'preferredChannel'] as const),
) {}

export class CitizenDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() cin: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() firstNameAr: string;
  @ApiProperty() lastNameAr: string;
  @ApiProperty({ format: 'date' }) birthDate: string;
  @ApiProperty({ enum: ['F', 'M'], enumName: 'Sex' }) sex: string;
  @ApiProperty() phone: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) neighbourhoodId: string | null;
  @ApiProperty({ nullable: true, type: String }) addressLine: string | null;
  @ApiProperty({ enum: LANGS, enumName: 'AlertLanguage' }) preferredLanguage: string;
  @ApiProperty({ enum: CHANNELS, enumName: 'AlertChannel' }) preferredChannel: string;
  @ApiProperty({ enum: ['pending', 'active', 'unclaimed', 'disabled'], enumName: 'CitizenStatus' }) status: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Staff who created it for a walk-in' }) assistedBy:
    string | null;
  @ApiProperty({ format: 'date' }) residenceFrom: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) residenceTo: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CitizenChangeDto {
  @ApiProperty() field: string;
  @ApiProperty({ nullable: true, type: String }) oldValue: string | null;
  @ApiProperty({ nullable: true, type: String }) newValue: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty() actorRole: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class CitizenSearchQuery extends PageQuery {
  @ApiProperty({
    description: 'CIN, phone, or part of a name (Latin or Arabic script); at least 3 characters: the register is never listed whole',
  })
  @IsString()
  @Length(3, 80)
  q: string;

  @ApiPropertyOptional({ description: 'Why the search is made (kept in the access log of each citizen found)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class CitizenReadQuery {
  @ApiPropertyOptional({ description: 'Why the record is opened (kept in the access log); or the X-Access-Reason header (Latin-1 only)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}
