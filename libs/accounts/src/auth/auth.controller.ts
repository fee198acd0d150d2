import { Body, Controller, HttpCode, Ip, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public, PublicLookupThrottle } from '@app/core';
import { LoginDto, RefreshDto, RefreshWithCounterDto } from '../dto/login.dto';
import { TokenPairDto } from '../dto/token-pair.dto';
import { SecondFactorChallengeDto, SecondFactorLoginDto } from '../dto/second-factor.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
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
  @HttpCode(204)
  @ApiOperation({ summary: "Sign out: revokes the refresh token's whole family" })
  @ApiNoContentResponse()
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }
}
