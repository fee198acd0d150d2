import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, Channel } from '@app/core';
import { REQUEST_STATES, RequestState } from '../state-machine';
import { FiledForDto } from './filed-for.dto';

/** One entry of a request's timeline; citizens get the public ones without the actor. */
export class RequestEventDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'request.state_changed' }) type: string;
  @ApiProperty({ enum: REQUEST_STATES, enumName: 'RequestState', nullable: true }) fromState: RequestState | null;
  @ApiProperty({ enum: REQUEST_STATES, enumName: 'RequestState', nullable: true }) toState: RequestState | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'NOT_RESIDENT', description: 'A refusal: the legal ground it cites' })
  legalGround?: string | null;
  @ApiProperty({ enum: CHANNELS, enumName: 'Channel', nullable: true }) channel: Channel | null;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Staff only' }) actorId?: string | null;
  @ApiPropertyOptional({ enum: ['citizen', 'staff', 'partner', 'system'], enumName: 'ActorKind', description: 'Staff only' })
  actorKind?: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Staff only' }) role?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Staff only' }) counter?: number | null;
  @ApiPropertyOptional({ description: 'Staff only: whether the citizen sees this entry' }) public?: boolean;
  @ApiPropertyOptional({ type: FiledForDto, description: 'The filing of a request for someone else: who filed it, for whom' })
  filedFor?: FiledForDto;
}
