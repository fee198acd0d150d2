import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public, PublicLookupThrottle } from '@app/core';
import { LoginDto, RefreshDto, RefreshWithCounterDto } from '../dto/login.dto';
import { TokenPairDto } from '../dto/token-pair.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @PublicLookupThrottle()
  @ApiOperation({ summary: 'Sign in with a staff username, or a citizen\'s CIN or phone, and a password' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Wrong login or password' })
  @ApiTooManyRequestsResponse({ description: 'login-throttled: too many failures for this login name or address (Retry-After); a known device is never held back' })
  @ApiBadRequestResponse({ description: 'Malformed body' })
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<TokenPairDto> {
    return this.auth.login(dto, ip);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (the old one is spent; reuse revokes the family); with counter, the session moves to that counter' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Unknown, spent, revoked or expired refresh token' })
  @ApiBadRequestResponse({ description: 'A counter this account may not sit at' })
  refresh(@Body() dto: RefreshWithCounterDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken, dto.counter);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: revokes the refresh token\'s whole family' })
  @ApiNoContentResponse()
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }
}
