import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsLatitude, IsLongitude, IsOptional, IsString, IsUrl, IsUUID, Length, ValidateIf } from 'class-validator';
import { IsPhoneE164 } from '@app/accounts';

export const GRIEVANCE_KINDS = ['grievance', 'observation', 'proposal'] as const;
/** Open311 GeoReport v2 allows 4,000 characters; the REST route keeps the same bound so every grievance can be published. */
export const GRIEVANCE_DESCRIPTION_MAX = 4000;
export const GRIEVANCE_ADDRESS_MAX = 1000;

export class GrievanceCreate {
  @ApiProperty({ enum: GRIEVANCE_KINDS, enumName: 'GrievanceKind' }) @IsIn(GRIEVANCE_KINDS) kind: (typeof GRIEVANCE_KINDS)[number];
  @ApiProperty() @IsString() @Length(3, 200) subject: string;
  @ApiProperty({ minLength: 10, maxLength: GRIEVANCE_DESCRIPTION_MAX })
  @IsString()
  @Length(10, GRIEVANCE_DESCRIPTION_MAX)
  description: string;
  @ApiPropertyOptional({ description: 'WGS84 latitude; with long', minimum: -90, maximum: 90 })
  @ValidateIf((o) => o.long !== undefined || o.lat !== undefined)
  @IsLatitude()
  lat?: number;
  @ApiPropertyOptional({ description: 'WGS84 longitude; with lat', minimum: -180, maximum: 180 })
  @ValidateIf((o) => o.long !== undefined || o.lat !== undefined)
  @IsLongitude()
  long?: number;
  @ApiPropertyOptional({ maxLength: GRIEVANCE_ADDRESS_MAX })
  @IsOptional()
  @IsString()
  @Length(1, GRIEVANCE_ADDRESS_MAX)
  addressString?: string;
  @ApiPropertyOptional({ format: 'uri', description: 'A picture or page about the issue (http or https)' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  mediaUrl?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() requestId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() neighbourhoodId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "Reception filing on a citizen's behalf" })
  @IsOptional()
  @IsUUID()
  citizenId?: string;
  @ApiPropertyOptional({ description: 'Required when filing without an account' }) @IsOptional() @IsPhoneE164() phone?: string;
  @ApiProperty({
    description:
      "The filer's explicit choice: may the subject be published in the public Open311 feed (never their name or phone)? Staff may still publish it later",
  })
  @IsBoolean()
  publicConsent: boolean;
}

/** Staff decide that a grievance (subject, state, public replies) is of public interest, or withdraw it. */
export class GrievancePublication {
  @ApiProperty({ description: 'Published in the Open311 feed' }) @IsBoolean() public: boolean;
}

export class GrievanceResponseCreate {
  @ApiProperty() @IsString() @Length(3, 5000) body: string;
  @ApiPropertyOptional({ enum: ['answered', 'closed'], enumName: 'GrievanceAnswerState', default: 'answered' })
  @IsOptional()
  @IsIn(['answered', 'closed'])
  state?: 'answered' | 'closed';
  @ApiPropertyOptional({
    default: false,
    description: 'Shown as status_notes in the Open311 feed (only if the grievance itself is published)',
  })
  @IsOptional()
  @IsBoolean()
  public?: boolean;
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
  @ApiProperty({ type: 'number', nullable: true, description: 'WGS84 latitude as posted' }) lat: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'WGS84 longitude as posted' }) long: number | null;
  @ApiProperty({ type: 'string', nullable: true }) addressString: string | null;
  @ApiProperty({ type: 'string', format: 'uri', nullable: true }) mediaUrl: string | null;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'The filer agreed to publication' }) publicConsent: boolean;
  @ApiProperty({ description: 'In the Open311 feed: the filer agreed or staff marked it public' }) published: boolean;
  @ApiProperty({ type: [GrievanceResponseDto] }) responses: GrievanceResponseDto[];
  @ApiProperty({ type: [GrievancePhotoDto] }) photos: GrievancePhotoDto[];
  @ApiPropertyOptional({ description: 'Filed without an account: send it as X-Grievance-Token to add photos within the hour (shown once)' })
  photoToken?: string;
}
