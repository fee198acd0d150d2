import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentUser, Principal } from '@app/core';
import { MeDto } from './dto/me.dto';
import { MeService } from './me.service';

@ApiTags('accounts')
@ApiBearerAuth('bearer')
@Controller('me')
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get()
  @ApiOperation({ summary: "The caller's profile and role" })
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse()
  get(@CurrentUser() user: Principal): Promise<MeDto> {
    return this.me.get(user);
  }
}
