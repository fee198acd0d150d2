import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Matches } from 'class-validator';
import { CitizenInput } from './citizen.dto';
import { IsCin, IsMoroccanMobile } from './validators';
import { applyDecorators } from '@nestjs/common';
import { IsAcceptablePassword } from '../auth/password-rule';

export class SignupDto extends CitizenInput {}

const Code = () => Matches(/^\d{6}$/, { message: 'code must be the 6 digits received by SMS' });
const Password = () => applyDecorators(Length(10, 200, { message: 'password must be at least 10 characters' }), IsAcceptablePassword());

export class SignupVerifyDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() signupId: string;
  @ApiProperty({ example: '123456' }) @IsString() @Code() code: string;
  @ApiProperty({ format: 'password', minLength: 10 }) @IsString() @Password() password: string;
}

export class CodeSentDto {
  @ApiProperty({ format: 'uuid', description: 'Quote it with the code' }) id: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class SignupStartedDto {
  @ApiProperty({ format: 'uuid' }) signupId: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class ClaimDto {
  @IsCin() cin: string;
  @IsMoroccanMobile() phone: string;
}

export class ClaimStartedDto {
  @ApiProperty({ format: 'uuid' }) claimId: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class ClaimVerifyDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() claimId: string;
  @ApiProperty() @IsString() @Code() code: string;
  @ApiProperty({ format: 'password', minLength: 10 }) @IsString() @Password() password: string;
}

export class KioskStartDto {
  @IsCin() cin: string;
}

export class KioskStartedDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Always null: the answer is the same whether or not the CIN is known (kept for older kiosk builds)',
    deprecated: true,
  })
  maskedPhone: string | null;
}

export class KioskVerifyDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() sessionId: string;
  @ApiProperty() @IsString() @Code() code: string;
}

export class KioskTokenDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Seconds (short: the kiosk forgets the citizen)' }) expiresIn: number;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
}
