import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { LocalizedTextDto } from './localized-text.dto';

/** Where an administration-obtained document comes from (law 55-19: asked once, of the one who holds it). */
export class DocumentSourceDto {
  @ApiProperty({ type: LocalizedTextDto, description: 'The administration holding it' })
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  administration: LocalizedTextDto;
  @ApiProperty({ example: 'dgsn/cin', description: 'The interoperability route it is asked through' })
  @IsString()
  @Length(1, 200)
  route: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'DGSN',
    description: 'The agency whose partner systems answer it (a task in their queue, and the webhook document.requested)',
  })
  @IsOptional()
  @Matches(/^[A-Z0-9_-]{2,32}$/, { message: 'agencyCode must be an agency code' })
  agencyCode?: string | null;
}

export class RefusalGroundDto {
  @ApiProperty({ example: 'NOT_RESIDENT' }) @Matches(/^[A-Z][A-Z0-9_]{0,63}$/, { message: 'code must be an upper-case code' }) code: string;
  @ApiProperty({ type: LocalizedTextDto }) @ValidateNested() @Type(() => LocalizedTextDto) label: LocalizedTextDto;
}

/** The legal frame of a procedure version (law 55-19 on the simplification of procedures). */
export class LegalFrameDto {
  @ApiProperty({ example: 5, description: 'Maximum delay to decide, in working days of the annex calendar' })
  @IsInt()
  @Min(1)
  @Max(365)
  maxDelayWorkingDays: number;
  @ApiProperty({ enum: ['law', 'decree'], enumName: 'DelaySource' }) @IsIn(['law', 'decree']) delaySource: 'law' | 'decree';
  @ApiPropertyOptional({ type: LocalizedTextDto, nullable: true, description: 'How the fee is paid' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  feePayment: LocalizedTextDto | null;
  @ApiProperty({ description: 'Past the deadline without a decision, the request is accepted' })
  @IsBoolean()
  silenceMeansAcceptance: boolean;
  @ApiProperty({ type: LocalizedTextDto }) @ValidateNested() @Type(() => LocalizedTextDto) appealRoute: LocalizedTextDto;
  @ApiProperty({ type: [RefusalGroundDto], description: 'The grounds a refusal may cite' })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => RefusalGroundDto)
  refusalGrounds: RefusalGroundDto[];
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'Décret 2-20-660, art. 4',
    description: "The legal reference of this version's change",
  })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  changeReference: string | null;
}

/** An abolished or merged certificate: findable, no longer requested. */
export class AbolitionDto {
  @ApiProperty({ example: '2020-03-19', description: 'No longer required since (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'since must be a YYYY-MM-DD date' })
  since: string;
  @ApiProperty({ example: 'Loi 55-19, art. 6' }) @IsString() @Length(1, 300) reference: string;
  @ApiProperty({ type: LocalizedTextDto, description: 'What to do instead' })
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  instead: LocalizedTextDto;
}
