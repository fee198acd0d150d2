import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Page, PageQuery, Principal, Roles, ApiPageResponse } from '@app/core';
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
  @ApiOkResponse({ type: [NotificationDto] })
  @ApiNotFoundResponse({ description: 'No such request visible to the caller' })
  forRequest(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: Principal): Promise<NotificationDto[]> {
    return this.queries.forRequest(id, user);
  }

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
