import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDateString, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsBirthDate, IsCin, IsMoroccanMobile } from '../../dto/validators';

/** A civil-status or booklet reference as written on the paper: letters, digits, `/`, `-`, spaces. */
const REFERENCE = /^[\p{L}\p{N}][\p{L}\p{N} /.-]{0,63}$/u;
const PROCEDURE = /^[A-Z][A-Z0-9_]{1,31}$/;
const upper = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.toUpperCase() : v)) : value;

export const DEPENDENT_STATUSES = ['pending', 'confirmed', 'claimed'] as const;
export const MANDATE_STATUSES = ['pending', 'active', 'revoked', 'refused', 'expired'] as const;

/** A minor child a parent adds: pending until an agent has seen the family record booklet. */
export class DependentInput {
  @ApiProperty() @IsString() @Length(1, 80) firstName: string;
  @ApiProperty() @IsString() @Length(1, 80) lastName: string;
  @ApiProperty({ example: 'ياسين' }) @IsString() @Length(1, 80) firstNameAr: string;
  @ApiProperty({ example: 'العلوي' }) @IsString() @Length(1, 80) lastNameAr: string;
  @IsBirthDate() birthDate: string;
  @ApiProperty({ example: '1234/2015', description: 'The birth record (acte de naissance) reference' })
  @IsString()
  @Matches(REFERENCE, { message: 'birthRecordRef must be a reference of letters, digits, "/", "-" (at most 64)' })
  birthRecordRef: string;
}

export class DependentConfirmInput {
  @ApiProperty({ example: 'LF-58231', description: 'The family record booklet (livret de famille) or document seen at the counter' })
  @IsString()
  @Matches(REFERENCE, { message: 'bookletRef must be a reference of letters, digits, "/", "-" (at most 64)' })
  bookletRef: string;
}

/** A dependent come of age gets their own account: their CIN and phone; they then claim it by SMS code. */
export class DependentAccountInput {
  @IsCin() cin: string;
  @IsMoroccanMobile() phone: string;
  @ApiProperty({ enum: ['F', 'M'], enumName: 'Sex' }) @IsIn(['F', 'M']) sex: 'F' | 'M';
}

export class DependentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) guardianId: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() firstNameAr: string;
  @ApiProperty() lastNameAr: string;
  @ApiProperty({ format: 'date' }) birthDate: string;
  @ApiProperty() birthRecordRef: string;
  @ApiProperty({ enum: DEPENDENT_STATUSES, enumName: 'DependentStatus' }) status: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) confirmedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The booklet or document the agent saw' }) bookletRef: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The agent who confirmed it' }) confirmedByName: string | null;
  @ApiProperty({ description: 'Age of majority (18) reached: the dependent may get their own account' }) adult: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

class MandateScope {
  @ApiProperty({ type: [String], example: ['RESIDENCE'], description: 'The procedures the proxy may file and follow' })
  @Transform(upper)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(PROCEDURE, { each: true, message: 'procedures must be procedure codes' })
  procedures: string[];

  @ApiPropertyOptional({ format: 'date', description: 'First day (default: today)' })
  @IsOptional()
  @IsDateString({ strict: true })
  validFrom?: string;
  @ApiProperty({ format: 'date', description: 'Last day, inclusive (at most 3 years ahead)' })
  @IsDateString({ strict: true })
  validUntil: string;
}

/** The mandator, signed in, names the adult who will file for them; their one-time code confirms it. */
export class MandateGrantInput extends MandateScope {
  @IsCin() proxyCin: string;
}

/** A proxy asks an adult (by CIN) for a mandate; the other side answers in their account. */
export class MandateAskInput extends MandateScope {
  @IsCin() mandatorCin: string;
}

export class MandateConfirmInput {
  @ApiProperty({ example: '123456' }) @Matches(/^\d{6}$/, { message: 'code must be 6 digits' }) code: string;
}

/** A legalised paper mandate recorded at the counter: active at once. */
export class PaperMandateInput extends MandateScope {
  @ApiProperty({ format: 'uuid' }) @IsUUID() mandatorId: string;
  @IsCin() proxyCin: string;
  @ApiProperty({ example: 'LEG-2026-0412', description: 'The legalisation reference on the paper' })
  @IsString()
  @Matches(REFERENCE, { message: 'paperRef must be a reference of letters, digits, "/", "-" (at most 64)' })
  paperRef: string;
}

/** One side of a mandate as the other sees it: a name and a masked CIN, never the record. */
export class MandatePartyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() nameAr: string;
  @ApiProperty({ example: 'BK****56' }) cin: string;
}

export class MandateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: MandatePartyDto }) mandator: MandatePartyDto;
  @ApiProperty({ type: MandatePartyDto }) proxy: MandatePartyDto;
  @ApiProperty({ type: [String] }) procedures: string[];
  @ApiProperty({ format: 'date' }) validFrom: string;
  @ApiProperty({ format: 'date' }) validUntil: string;
  @ApiProperty({ enum: MANDATE_STATUSES, enumName: 'MandateStatus', description: '`expired`: active but past its last day' })
  status: string;
  @ApiProperty({ enum: ['code', 'paper'], enumName: 'MandateBasis' }) basis: string;
  @ApiProperty({ nullable: true, type: String }) paperRef: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) confirmedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) refusedAt: string | null;
  @ApiProperty({
    enum: ['mandator', 'proxy'],
    enumName: 'MandateInitiator',
    description: '`proxy`: asked by the proxy, answered by the mandator',
  })
  initiatedBy: string;
}

/** The same answer whether an adult account holds the CIN named or not: nothing about the other person. */
export class MandateStartedDto {
  @ApiProperty({ format: 'uuid', description: 'Confirm with POST /me/mandates/{mandateId}/confirm' }) mandateId: string;
  @ApiProperty({ format: 'date-time', description: 'The code sent by SMS to the mandator expires then' }) codeExpiresAt: string;
  @ApiProperty() message: string;
}

/** The same answer whether an adult account holds the CIN named or not. */
export class MandateAskedDto {
  @ApiProperty() message: string;
}

export class FamilyQuery {
  @ApiPropertyOptional({ description: 'Why the record is opened (kept in the access log)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;
}
