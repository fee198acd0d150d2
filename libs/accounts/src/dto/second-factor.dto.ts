import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

/** The answer to a correct password on an account with a second factor: no tokens yet. */
export class SecondFactorChallengeDto {
  @ApiProperty({
    enum: ['totp'],
    enumName: 'SecondFactorKind',
    description: 'What to send next: a code from the authenticator app, or a recovery code',
  })
  secondFactor: 'totp';
  @ApiProperty({ description: 'Send it back with the code to POST /auth/login/second-factor; valid for `expiresIn` seconds' })
  challenge: string;
  @ApiProperty({ example: 300 })
  expiresIn: number;
  @ApiPropertyOptional({
    description:
      'As at any sign-in: keep it on this device; once the second factor passed from it, it is not asked again there for 30 days',
  })
  deviceToken?: string;
}

export class SecondFactorLoginDto {
  @ApiProperty()
  @IsString()
  @Length(20, 2000)
  challenge: string;

  @ApiPropertyOptional({ description: 'The 6-digit code the authenticator app shows', example: '123456' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits the app shows' })
  code?: string;

  @ApiPropertyOptional({ description: 'One of the recovery codes shown at setup (each works once)', example: 'a1b2-c3d4-e5f6a7b8' })
  @IsOptional()
  @IsString()
  @Length(8, 40)
  recoveryCode?: string;
}

export class TotpCodeDto {
  @ApiProperty({ description: 'The 6-digit code the authenticator app shows', example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits the app shows' })
  code: string;
}

export class SecondFactorStatusDto {
  @ApiProperty({ description: 'A TOTP second factor is set up and asked at sign-in' }) enabled: boolean;
  @ApiProperty({ description: 'This role must have one (admin, supervisor): until it is set up, only its setup is reachable' })
  required: boolean;
  @ApiProperty({ description: 'Unused recovery codes' }) recoveryCodesLeft: number;
}

export class TotpEnrolmentDto {
  @ApiProperty({ description: 'Base32 secret, for typing into the app by hand' }) secret: string;
  @ApiProperty({
    description: 'otpauth:// URI to show as a QR code',
    example: 'otpauth://totp/Annexe%20administrative:admin?secret=...&issuer=Annexe%20administrative',
  })
  otpauthUri: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'Shown only this once: each signs in once when the phone is lost' }) recoveryCodes: string[];
}
