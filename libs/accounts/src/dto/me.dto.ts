import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, Channel, ROLES, Role } from '@app/core';

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['citizen', 'staff', 'partner'], enumName: 'PrincipalKind' }) kind: 'citizen' | 'staff' | 'partner';
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) annexId: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Counter number for this session' }) counter: number | null;
  @ApiProperty({ enum: CHANNELS, enumName: 'Channel', description: 'Channel this session acts through' }) channel: Channel;
  @ApiPropertyOptional({ description: 'Staff username' }) username?: string;
  @ApiPropertyOptional() fullName?: string;
  @ApiPropertyOptional({ description: 'Citizen profile (citizens only)', type: Object }) profile?: Record<string, unknown>;
}
