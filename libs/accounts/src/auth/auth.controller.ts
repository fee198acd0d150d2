import { Body, Controller, HttpCode, Ip, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Public, PublicLookupThrottle, Roles } from '@app/core';
import { LoginDto, RefreshDto, RefreshWithCounterDto } from '../dto/login.dto';
import {
  KioskStartDto,
  KioskStartedDto,
  KioskTokenDto,
  KioskVerifyDto,
  SignupDto,
  SignupStartedDto,
  SignupVerifyDto,
} from '../dto/signup.dto';
import { TokenPairDto } from '../dto/token-pair.dto';
import { SecondFactorChallengeDto, SecondFactorLoginDto } from '../dto/second-factor.dto';
import { RegistrationService } from '../register/registration.service';
import { AuthService } from './auth.service';

/**
 * Every route under /auth: sign-in, its second factor, refresh and sign-out (AuthService), self
 * sign-up and the kiosk's sign-in by SMS code (RegistrationService). Each route says who may call
 * it (the kiosk routes are not public); the operationIds of the merged controllers are kept.
 */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly registration: RegistrationService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @PublicLookupThrottle()
  @ApiOperation({ summary: "Sign in with a staff username, or a citizen's CIN or phone, and a password" })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiAcceptedResponse({
    type: SecondFactorChallengeDto,
    description:
      'Password right, second factor needed: send the challenge and a code to POST /auth/login/second-factor (not asked again on a device that passed it in the last 30 days)',
  })
  @ApiUnauthorizedResponse({ description: 'Wrong login or password' })
  @ApiTooManyRequestsResponse({
    description: 'login-throttled: too many failures for this login name or address (Retry-After); a known device is never held back',
  })
  @ApiBadRequestResponse({ description: 'Malformed body' })
  async login(
    @Body() dto: LoginDto,
    @Ip() ip: string,
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
  ): Promise<TokenPairDto | SecondFactorChallengeDto> {
    const answer = await this.auth.login(dto, ip);
    if ('challenge' in answer) reply.status(202);
    return answer;
  }

  @Post('login/second-factor')
  @Public()
  @HttpCode(200)
  @PublicLookupThrottle()
  @ApiOperation({
    summary:
      'Second step of a staff sign-in: the challenge and a code from the authenticator app, or a recovery code (each code works once)',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'second-factor-wrong: wrong, replayed or spent code; or an unknown or expired challenge' })
  @ApiTooManyRequestsResponse({ description: 'login-throttled: too many wrong codes for this account (Retry-After)' })
  @ApiBadRequestResponse({ description: 'Neither code nor recoveryCode, or a malformed one' })
  loginSecondFactor(@Body() dto: SecondFactorLoginDto): Promise<TokenPairDto> {
    return this.auth.loginSecondFactor(dto);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Exchange a refresh token for a new pair (the old one is spent; reuse revokes the family); with counter, the session moves to that counter',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Unknown, spent, revoked or expired refresh token' })
  @ApiBadRequestResponse({ description: 'A counter this account may not sit at' })
  refresh(@Body() dto: RefreshWithCounterDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken, dto.counter);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: "Sign out: revokes the refresh token's whole family" })
  @ApiNoContentResponse()
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @Post('signup')
  @Public()
  @HttpCode(202)
  @PublicLookupThrottle()
  @ApiOperation({
    operationId: 'Registration_signup',
    summary: 'Self sign-up: a one-time code is sent by SMS to the phone given (same answer, and no SMS, for a CIN already registered)',
  })
  @ApiAcceptedResponse({ type: SignupStartedDto })
  @ApiTooManyRequestsResponse({ description: 'Too many codes for this phone or CIN (Retry-After)' })
  signup(@Body() d: SignupDto): Promise<SignupStartedDto> {
    return this.registration.startSignup(d);
  }

  @Post('signup/verify')
  @Public()
  @PublicLookupThrottle()
  @ApiOperation({
    operationId: 'Registration_verify',
    summary: 'Confirm the sign-up with the code and choose a password: the account is created',
  })
  @ApiCreatedResponse({ type: TokenPairDto })
  signupVerify(@Body() d: SignupVerifyDto): Promise<TokenPairDto> {
    return this.registration.verifySignup(d.signupId, d.code, d.password);
  }

  @Post('kiosk/start')
  @Roles('kiosk')
  @ApiBearerAuth('bearer')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'Registration_kioskStart',
    summary: 'Kiosk: a citizen types their CIN; a code goes to the phone on file (same answer for an unknown CIN)',
  })
  @ApiAcceptedResponse({ type: KioskStartedDto })
  @ApiTooManyRequestsResponse({ description: 'Too many codes for this CIN or phone (Retry-After)' })
  kioskStart(@Body() d: KioskStartDto, @CurrentUser() kiosk: Principal): Promise<KioskStartedDto> {
    return this.registration.startKiosk(d.cin, kiosk);
  }

  @Post('kiosk/verify')
  @Roles('kiosk')
  @ApiBearerAuth('bearer')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'Registration_kioskVerify',
    summary: 'Kiosk: the code gives a short citizen session acting through the kiosk channel',
  })
  @ApiOkResponse({ type: KioskTokenDto })
  kioskVerify(@Body() d: KioskVerifyDto): Promise<KioskTokenDto> {
    return this.registration.verifyKiosk(d.sessionId, d.code);
  }
}
