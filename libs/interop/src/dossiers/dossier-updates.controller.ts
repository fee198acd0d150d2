import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles, Scopes } from '@app/core';
import { DossierUpdateResultDto } from '../dto/dossier-update-result.dto';
import { DossierUpdateDto } from '../dto/dossier-update.dto';
import { DossierUpdatesService } from './dossier-updates.service';

@ApiTags('interop')
@ApiTooManyRequestsResponse({ description: 'The key exceeded its calls a minute' })
@ApiSecurity('apiKey')
@Roles('partner')
@Scopes('dossiers:update')
@Controller('interop/dossiers')
export class DossierUpdatesController {
  constructor(private readonly updates: DossierUpdatesService) {}

  @Post(':trackingCode/updates')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Post a status update for a forwarded dossier (partner dossiers:update)',
    description:
      'Idempotent by updateId (a repeat answers the first result with duplicate=true). Ordered by occurredAt: an update older than one already received is recorded (outcome stale) but changes nothing. ' +
      'ready_at_agency → ready_for_pickup, refused → rejected (reason required), collected → delivered; received and in_production are timeline entries. The citizen is notified.',
  })
  @ApiParam({ name: 'trackingCode', example: 'BRK5-2026-000731' })
  @ApiOkResponse({ type: DossierUpdateResultDto })
  @ApiBadRequestResponse({ description: 'Invalid body (problem+json naming the field)' })
  @ApiUnauthorizedResponse({ description: 'No, unknown, revoked or expired API key' })
  @ApiForbiddenResponse({ description: 'The key lacks the scope dossiers:update' })
  @ApiNotFoundResponse({ description: "No such dossier (or outside the partner's annex)" })
  @ApiConflictResponse({ description: 'The dossier is not handled by an external agency' })
  post(
    @Param('trackingCode') trackingCode: string,
    @Body() dto: DossierUpdateDto,
    @CurrentUser() p: Principal,
  ): Promise<DossierUpdateResultDto> {
    return this.updates.post(trackingCode, dto, p);
  }
}
