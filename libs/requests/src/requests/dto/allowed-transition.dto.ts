import { ApiProperty } from '@nestjs/swagger';
import { REQUEST_STATES, RequestState } from '../state-machine';

/** One move the caller may make now (POST /requests/{id}/transitions accepts exactly these). */
export class AllowedTransitionDto {
  @ApiProperty({ enum: REQUEST_STATES, enumName: 'RequestState' }) to: RequestState;
  @ApiProperty({
    enum: ['required', 'optional', 'none'],
    enumName: 'TransitionReason',
    description: 'A message asked for: required (refused without), optional (offered), none',
  })
  reason: 'required' | 'optional' | 'none';
  @ApiProperty({ description: 'The citizen is told (SMS or e-mail), at once or when the certificate that follows is ready' })
  notifiesCitizen: boolean;
  @ApiProperty({ description: 'The platform makes this move itself (the certificate worker); a person may, but need not' })
  automatic: boolean;
}
