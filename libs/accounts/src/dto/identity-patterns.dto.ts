import { ApiProperty } from '@nestjs/swagger';
import { IDENTITY_PATTERNS } from '@app/core';

/**
 * The identity rules the API validates with, for the apps to check a field as it is typed (the
 * API still decides). Each is a regular expression that JavaScript's `new RegExp` reads as is;
 * the API accepts phones as people write them (06…, 00212…) and checks the E.164 form.
 */
export class IdentityPatternsDto {
  @ApiProperty({ example: IDENTITY_PATTERNS.cin, description: 'National ID card number (CIN), upper case, no spaces' }) cin: string;
  @ApiProperty({ example: IDENTITY_PATTERNS.mobile, description: 'A Moroccan mobile number in E.164: the numbers that take an SMS' })
  mobile: string;
  @ApiProperty({ example: IDENTITY_PATTERNS.phone, description: 'Any Moroccan number in E.164 (fixed lines and mobiles)' }) phone: string;
}

export const identityPatterns = (): IdentityPatternsDto => ({ ...IDENTITY_PATTERNS });
