import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Principal } from '@app/core';
import { RecoveryCodesDto, SecondFactorStatusDto, TotpCodeDto, TotpEnrolmentDto } from '../dto/second-factor.dto';
import { SecondFactor } from './second-factor';

/** The caller's own second factor (staff): status, TOTP setup (QR in the agent app) and its confirmation. */
@ApiTags('accounts')
@ApiBearerAuth('bearer')
@Controller('me/mfa')
export class SecondFactorController {
  constructor(private readonly secondFactor: SecondFactor) {}

  @Get()
  @ApiOperation({ summary: 'Whether the caller has a second factor, whether the role requires one, recovery codes left' })
  @ApiOkResponse({ type: SecondFactorStatusDto })
  status(@CurrentUser() p: Principal): Promise<SecondFactorStatusDto> {
    return this.secondFactor.status(p.id, p.role);
  }

  @Post('totp')
  @ApiOperation({ summary: 'Start a TOTP setup: a new secret and its otpauth:// URI (to show as a QR); confirm it with a code' })
  @ApiCreatedResponse({ type: TotpEnrolmentDto })
  @ApiConflictResponse({ description: 'second-factor-enabled: already set up (an admin can reset it)' })
  begin(@CurrentUser() p: Principal): Promise<TotpEnrolmentDto> {
    return this.secondFactor.begin(p.id);
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Confirm the setup with a code from the app: the second factor is on; answers the recovery codes, shown only once. Refresh the session afterwards.',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiBadRequestResponse({ description: 'code: wrong code' })
  @ApiConflictResponse({ description: 'second-factor-not-started or second-factor-enabled' })
  async confirm(@CurrentUser() p: Principal, @Body() d: TotpCodeDto): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.secondFactor.confirm(p.id, d.code) };
  }
}
