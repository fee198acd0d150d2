import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class LoginDto {
  @ApiProperty({ description: "Staff username, or a citizen's CIN or phone number", example: 'BK123456' })
  @IsString()
  @Length(3, 64)
  login: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 200)
  password: string;

  @ApiPropertyOptional({
    description: 'The token this device got at its last sign-in: a known device is never slowed down by failed attempts',
  })
  @IsOptional()
  @IsString()
  @Length(20, 100)
  deviceToken?: string;

  @ApiPropertyOptional({ description: 'Counter number an agent sits at for this shift', example: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(999)
  counter?: number;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

export class RefreshWithCounterDto extends RefreshDto {
  @ApiPropertyOptional({ description: 'Move this session to another counter (staff who sit at one)', example: 4 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(999)
  counter?: number;
}
