import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, LowPriority, Page, PageQuery, pageOf, Principal, Roles, ApiPageResponse } from '@app/core';
import { NotificationDto, RedriveDto } from './dto/notification.dto';
import { NotificationQueries } from './notification.queries';

@ApiTags('notifications')
@ApiBearerAuth('bearer')
@Controller()
export class NotificationsController {
  constructor(private readonly queries: NotificationQueries) {}

  @Get('requests/:id/notifications')
  @Roles('citizen', 'reception', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Delivery status of the alerts sent about a request (owner, staff)' })
  @ApiPageResponse(NotificationDto)
  @ApiNotFoundResponse({ description: 'No such request visible to the caller' })
  async forRequest(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PageQuery,
    @CurrentUser() user: Principal,
  ): Promise<Page<NotificationDto>> {
    return pageOf(await this.queries.forRequest(id, user), q, (n) => n.id);
  }

  @LowPriority()
  @Get('ops/notifications/failed')
  @Roles('admin')
  @ApiOperation({ summary: 'Notifications that failed for good (ops), newest first' })
  @ApiPageResponse(NotificationDto)
  failed(@Query() q: PageQuery): Promise<Page<NotificationDto>> {
    return this.queries.failed(q);
  }

  @Post('ops/notifications/:id/redrive')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Send a failed notification again (ops)' })
  @ApiAcceptedResponse({ type: RedriveDto })
  @ApiNotFoundResponse({ description: 'No failed notification with this id' })
  redrive(@Param('id', ParseUUIDPipe) id: string): Promise<RedriveDto> {
    return this.queries.redrive(id);
  }
}
