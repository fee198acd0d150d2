import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiBearerAuth,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiPageResponse, CurrentUser, Page, PageQuery, Principal, Roles, Scopes } from '@app/core';
import { CreateWebhookDto } from '../dto/create-webhook.dto';
import { WebhookQueryDto } from '../dto/webhook-query.dto';
import { DeliveryDto } from '../dto/delivery.dto';
import { WebhookCreatedDto } from '../dto/webhook-created.dto';
import { WebhookDto } from '../dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

const ID = { name: 'id', format: 'uuid', description: 'Webhook subscription id' };

export const WEBHOOK_DELIVERY_DOC = `Each event is POSTed as JSON \`{type, id, occurredAt, annexId, data}\` with the headers
\`X-Annex-Event\`, \`X-Annex-Delivery\` and \`X-Annex-Signature: t=<unix seconds>,v1=<hex>\`, where v1 is
HMAC-SHA256(secret, "<t>.<raw body>"). Answer 2xx within 10 s; anything else is retried with exponential
backoff for 24 h. Deduplicate on the event \`id\`. Verify in Node:

\`\`\`js
const { createHmac, timingSafeEqual } = require('node:crypto');
function verify(secret, rawBody, header, toleranceSeconds = 300) {
  const { t, v1 } = Object.fromEntries(header.split(',').map((kv) => kv.split('=', 2)));
  if (!t || !v1 || Math.abs(Date.now() / 1000 - Number(t)) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(\`\${t}.\${rawBody}\`).digest('hex'));
  const given = Buffer.from(v1);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
\`\`\``;

@ApiTags('interop')
@ApiSecurity('apiKey')
@ApiTooManyRequestsResponse({ description: 'The key exceeded its calls a minute' })
@ApiUnauthorizedResponse({ description: 'No, unknown, revoked or expired API key' })
@ApiForbiddenResponse({ description: 'Not a partner or an admin, or the key lacks the scope webhooks:manage' })
@ApiBearerAuth('bearer')
@Roles('partner', 'admin')
@Scopes('webhooks:manage')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Roles('partner')
  @ApiOperation({
    summary: 'Subscribe a URL to events (partner webhooks:manage); the signing secret is shown once',
    description: WEBHOOK_DELIVERY_DOC,
  })
  @ApiCreatedResponse({ type: WebhookCreatedDto })
  @ApiBadRequestResponse({ description: 'Invalid URL or event type (problem+json naming the field)' })
  create(@Body() dto: CreateWebhookDto, @CurrentUser() p: Principal): Promise<WebhookCreatedDto> {
    return this.webhooks.create(dto, p);
  }

  @Get()
  @ApiOperation({ summary: "The partner's webhook subscriptions, newest first (an admin: every partner's, or ?partnerId=)" })
  @ApiPageResponse(WebhookDto)
  list(@Query() q: WebhookQueryDto, @CurrentUser() p: Principal): Promise<Page<WebhookDto>> {
    return this.webhooks.list(q, p);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook subscription' })
  @ApiParam(ID)
  @ApiOkResponse({ type: WebhookDto })
  @ApiNotFoundResponse({ description: 'No such subscription for this partner' })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<WebhookDto> {
    return this.webhooks.get(id, p);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: "Unsubscribe (an admin: disable any partner's subscription): no new deliveries are created" })
  @ApiParam(ID)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<void> {
    return this.webhooks.remove(id, p);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'Deliveries of this subscription, newest first, each with its attempt log (status, latency, error class)' })
  @ApiParam(ID)
  @ApiPageResponse(DeliveryDto)
  @ApiNotFoundResponse()
  deliveries(@Param('id', ParseUUIDPipe) id: string, @Query() q: PageQuery, @CurrentUser() p: Principal): Promise<Page<DeliveryDto>> {
    return this.webhooks.deliveries(id, q, p);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @Roles('partner')
  @ApiOperation({ summary: 'Send a delivery again (same event id), e.g. after fixing the receiver' })
  @ApiParam(ID)
  @ApiParam({ name: 'deliveryId', format: 'uuid' })
  @ApiAcceptedResponse({ type: DeliveryDto })
  @ApiNotFoundResponse()
  replay(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
    @CurrentUser() p: Principal,
  ): Promise<DeliveryDto> {
    return this.webhooks.replay(id, deliveryId, p);
  }
}
