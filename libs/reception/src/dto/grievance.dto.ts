import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export const GRIEVANCE_KINDS = ['grievance', 'observation', 'proposal'] as const;

export class GrievanceCreate {
  @ApiProperty({ enum: GRIEVANCE_KINDS, enumName: 'GrievanceKind' }) @IsIn(GRIEVANCE_KINDS) kind: (typeof GRIEVANCE_KINDS)[number];
  @ApiProperty() @IsString() @Length(3, 200) subject: string;
  @ApiProperty() @IsString() @Length(10, 5000) description: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() requestId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() neighbourhoodId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Reception filing on a citizen\'s behalf' }) @IsOptional() @IsUUID() citizenId?: string;
  @ApiPropertyOptional({ description: 'Required when filing without an account' }) @IsOptional() @Matches(/^\+212[5-7]\d{8}$/, { message: 'phone must be a Moroccan number in E.164' }) phone?: string;
  @ApiProperty({ description: "The filer's explicit choice: may the subject be published in the public Open311 feed (never their name or phone)? Staff may still publish it later" })
  @IsBoolean()
  publicConsent: boolean;
}

/** Staff decide that a grievance (subject, state, public replies) is of public interest, or withdraw it. */
export class GrievancePublication {
  @ApiProperty({ description: 'Published in the Open311 feed' }) @IsBoolean() public: boolean;
}

export class GrievanceResponseCreate {
  @ApiProperty() @IsString() @Length(3, 5000) body: string;
  @ApiPropertyOptional({ enum: ['answered', 'closed'], enumName: 'GrievanceAnswerState', default: 'answered' }) @IsOptional() @IsIn(['answered', 'closed']) state?: 'answered' | 'closed';
  @ApiPropertyOptional({ default: false, description: 'Shown as status_notes in the Open311 feed (only if the grievance itself is published)' }) @IsOptional() @IsBoolean() public?: boolean;
}

export class GrievanceResponseDto {
  @ApiProperty() body: string;
  @ApiProperty() state: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() public: boolean;
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
  @ApiProperty({ description: "The filer agreed to publication" }) publicConsent: boolean;
  @ApiProperty({ description: 'In the Open311 feed: the filer agreed or staff marked it public' }) published: boolean;
  @ApiProperty({ type: [GrievanceResponseDto] }) responses: GrievanceResponseDto[];
  @ApiProperty({ type: [GrievancePhotoDto] }) photos: GrievancePhotoDto[];
  @ApiPropertyOptional({ description: 'Filed without an account: send it as X-Grievance-Token to add photos within the hour (shown once)' })
  photoToken?: string;
}
