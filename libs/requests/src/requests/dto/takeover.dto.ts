import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Min } from 'class-validator';

export class TakeoverDto {
  @ApiProperty({ description: 'Why the request changes hands (recorded on the timeline)', example: 'agent absent today' })
  @IsString()
  @Length(3, 2000)
  reason: string;

  @ApiProperty({ description: 'The version the caller last saw (optimistic lock)' })
  @IsInt()
  @Min(1)
  version: number;
}
