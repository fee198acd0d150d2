import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class TokenPairDto {
  @ApiProperty({ description: 'JWT to send as `Authorization: Bearer <token>`' })
  accessToken: string;
  @ApiProperty({ description: 'Single-use token to obtain a new pair; keep it secret' })
  refreshToken: string;
  @ApiProperty({ description: 'Access token lifetime in seconds', example: 900 })
  expiresIn: number;
  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';
  @ApiPropertyOptional({
    description: "Sign-in only: keep it on this device and send it with the next sign-in (never slowed down by others' failed attempts)",
  })
  deviceToken?: string;
}
