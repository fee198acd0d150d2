import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { annexOf, ApiPageResponse, CurrentUser, Page, Principal, Roles } from '@app/core';
import { CallNext, CloseTicket, GroupWaitsDto, TicketCreate, TicketDto, TicketQuery, Transfer } from './dto/ticket.dto';
import { TicketsService } from './tickets.service';

@ApiTags('reception')
@ApiBearerAuth('bearer')
@Controller()
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post('tickets')
  @Roles('reception', 'kiosk')
  @ApiOperation({ summary: 'Issue a queue ticket for a service group (priority for elderly, disabled, pregnant)' })
  @ApiCreatedResponse({ type: TicketDto })
  issue(@Body() d: TicketCreate, @CurrentUser() p: Principal): Promise<TicketDto> {
    return this.tickets.issue(d, p);
  }

  @Get('tickets')
  @Roles('reception', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: "Today's tickets, e.g. ?state=waiting" })
  @ApiPageResponse(TicketDto)
  list(@Query() q: TicketQuery, @CurrentUser() p: Principal): Promise<Page<TicketDto>> {
    return this.tickets.list(q, p);
  }

  @Get('screen/waits')
  @Roles('display', 'reception', 'supervisor', 'admin')
  @ApiOperation({ summary: "The predicted wait per service group of the caller's annex (the display screen shows it)" })
  @ApiOkResponse({ type: GroupWaitsDto })
  waits(@CurrentUser() p: Principal): Promise<GroupWaitsDto> {
    return this.tickets.waits(annexOf(p));
  }

  @Post('counters/:counter/call-next')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOperation({ summary: 'Call the next ticket at this counter (priority first, then first come)' })
  @ApiOkResponse({ type: TicketDto })
  @ApiNotFoundResponse({ description: 'Nobody waiting in these groups' })
  callNext(@Param('counter', ParseIntPipe) counter: number, @Body() d: CallNext, @CurrentUser() p: Principal): Promise<TicketDto> {
    return this.tickets.callNext(counter, d, p);
  }

  @Post('tickets/:id/recall')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOperation({ summary: 'Call the same ticket again on the screen' })
  @ApiOkResponse({ type: TicketDto })
  recall(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<TicketDto> {
    return this.tickets.recall(id, p);
  }

  @Post('tickets/:id/no-show')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOperation({ summary: 'The visitor did not come' })
  @ApiOkResponse({ type: TicketDto })
  noShow(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<TicketDto> {
    return this.tickets.noShow(id, p);
  }

  @Post('tickets/:id/transfer')
  @HttpCode(200)
  @Roles('agent', 'supervisor', 'reception')
  @ApiOperation({ summary: 'Send the visitor to another service group' })
  @ApiOkResponse({ type: TicketDto })
  transfer(@Param('id', ParseUUIDPipe) id: string, @Body() d: Transfer, @CurrentUser() p: Principal): Promise<TicketDto> {
    return this.tickets.transfer(id, d.group, p);
  }

  @Post('tickets/:id/close')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOperation({ summary: 'Done with this visitor (optionally the request handled)' })
  @ApiOkResponse({ type: TicketDto })
  close(@Param('id', ParseUUIDPipe) id: string, @Body() d: CloseTicket, @CurrentUser() p: Principal): Promise<TicketDto> {
    return this.tickets.close(id, d.requestId, p);
  }
}
