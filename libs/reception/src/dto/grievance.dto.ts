import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export const GRIEVANCE_KINDS = ['grievance', 'observation', 'proposal'] as const;

export class GrievanceCreate {
  @ApiProperty({ enum: GRIEVANCE_KINDS, enumName: 'GrievanceKind' }) @IsIn(GRIEVANCE_KINDS) kind: (typeof GRIEVANCE_KINDS)[number];
  @ApiProperty() @IsString() @Length(3, 200) subject: string;
  @ApiProperty() @IsString() @Length(10, 5000) description: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() requestId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() neighbourhoodId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Reception filing on a citizen\'s behalf' }) @IsOptional() @IsUUID() citizenId?: string;
  @ApiPropertyOptional({ description: 'Required when filing without an account' }) @IsOptional() @Matches(/^\+212[5-7]\d{8}$/, { message: 'phone must be a Moroccan number in E.164' }) phone?: string;
}

export class GrievanceResponseCreate {
  @ApiProperty() @IsString() @Length(3, 5000) body: string;
  @ApiPropertyOptional({ enum: ['answered', 'closed'], enumName: 'GrievanceAnswerState', default: 'answered' }) @IsOptional() @IsIn(['answered', 'closed']) state?: 'answered' | 'closed';
}

export class GrievanceResponseDto {
  @ApiProperty() body: string;
  @ApiProperty() state: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class GrievancePhotoDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['image/png', 'image/jpeg'] }) contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class GrievanceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'BRK5-2026-G-000012' }) trackingCode: string;
  @ApiProperty({ enum: GRIEVANCE_KINDS, enumName: 'GrievanceKind' }) kind: string;
  @ApiProperty() subject: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: ['open', 'answered', 'closed'], enumName: 'GrievanceState' }) state: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [GrievanceResponseDto] }) responses: GrievanceResponseDto[];
  @ApiProperty({ type: [GrievancePhotoDto] }) photos: GrievancePhotoDto[];
  @ApiPropertyOptional({ description: 'Filed without an account: send it as X-Grievance-Token to add photos within the hour (shown once)' })
  photoToken?: string;
}
