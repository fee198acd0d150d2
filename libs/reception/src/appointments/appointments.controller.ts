import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { ApiPageResponse, currentConfig, CurrentUser, LowPriority, Page, Principal, Public, PublicLookupThrottle, Roles } from '@app/core';
import {
  AppointmentCreate,
  AppointmentDto,
  AppointmentQuery,
  AppointmentUpdate,
  BookableListDto,
  BookableQuery,
  BookableServiceDto,
  BookableServiceInput,
  GuestBookingConfirm,
  GuestBookingStart,
  GuestBookingStartedDto,
  SlotQuery,
  SlotsDto,
} from './dto/appointment.dto';
import { TicketDto } from '../tickets/dto/ticket.dto';
import { AppointmentsService } from './appointments.service';

@ApiTags('appointments')
@ApiBearerAuth('bearer')
@Controller()
export class AppointmentsController {
  constructor(private readonly appointments: AppointmentsService) {}

  @Get('appointments/services')
  @Public()
  @ApiOperation({ summary: 'The procedures that can be booked, per annex (group, visit length, places per slot)' })
  @ApiOkResponse({ type: BookableListDto })
  bookable(@Query() q: BookableQuery, @CurrentUser() p?: Principal): Promise<BookableListDto> {
    return this.appointments.bookable(q.annex, p);
  }

  @Put('appointments/services/:procedureCode')
  @Roles('admin')
  @ApiOperation({
    summary:
      'Offer a procedure by appointment in an annex, or change its group, visit length, places per slot and release (one row per annex and procedure)',
  })
  @ApiOkResponse({ type: BookableServiceDto })
  putBookable(
    @Param('procedureCode') code: string,
    @Body() d: BookableServiceInput,
    @CurrentUser() p: Principal,
  ): Promise<BookableServiceDto> {
    return this.appointments.putBookable(code, d, p);
  }

  @Get('appointments/slots')
  @Public()
  @ApiOperation({ summary: 'Free slots of a bookable procedure (places left per slot), from the annex hours, holidays and counters' })
  @ApiOkResponse({ type: SlotsDto })
  slots(@Query() q: SlotQuery, @CurrentUser() p?: Principal): Promise<SlotsDto> {
    return this.appointments.slots(q, p);
  }

  @Post('appointments')
  @Roles('citizen', 'reception', 'kiosk')
  @Throttle({ default: { limit: () => currentConfig().APPOINTMENT_BOOKINGS_PER_IP_PER_MINUTE, ttl: 60_000 } })
  @ApiOperation({ summary: 'Book a slot (a citizen for themselves; reception and kiosk pass citizenId); SMS confirmation with the code' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeated booking with the same key returns the same appointment' })
  @ApiCreatedResponse({ type: AppointmentDto })
  @ApiOkResponse({ type: AppointmentDto, description: 'Replay of an earlier booking with the same Idempotency-Key' })
  async book(
    @Body() d: AppointmentCreate,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() p: Principal,
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
  ): Promise<AppointmentDto> {
    const { created, appointment } = await this.appointments.book(d, key, p);
    reply.status(created ? 201 : 200);
    return appointment;
  }

  @Post('appointments/guest')
  @Public()
  @HttpCode(202)
  @PublicLookupThrottle()
  @ApiOperation({
    summary:
      'Book without an account, step 1: CIN, the phone on file and a free slot; a one-time code goes to that phone (same answer whether or not they match)',
  })
  @ApiAcceptedResponse({ type: GuestBookingStartedDto })
  guestStart(@Body() d: GuestBookingStart): Promise<GuestBookingStartedDto> {
    return this.appointments.guestStart(d);
  }

  @Post('appointments/guest/confirm')
  @Public()
  @PublicLookupThrottle()
  @ApiOperation({
    summary:
      'Book without an account, step 2: the code books the slot (every rule of a booking applies); SMS confirmation with the booking code',
  })
  @ApiCreatedResponse({ type: AppointmentDto })
  guestConfirm(@Body() d: GuestBookingConfirm): Promise<AppointmentDto> {
    return this.appointments.guestConfirm(d);
  }

  @Get('appointments/link/:token')
  @Public()
  @PublicLookupThrottle()
  @ApiOperation({ summary: "The appointment of the reminder SMS's cancel link (the token in the link; no sign-in)" })
  @ApiOkResponse({ type: AppointmentDto })
  byLink(@Param('token') token: string): Promise<AppointmentDto> {
    return this.appointments.byLink(token);
  }

  @Post('appointments/link/:token/cancel')
  @Public()
  @HttpCode(200)
  @PublicLookupThrottle()
  @ApiOperation({ summary: "Cancel by the reminder SMS's link (one tap, no sign-in): the place is free at once" })
  @ApiOkResponse({ type: AppointmentDto })
  cancelByLink(@Param('token') token: string): Promise<AppointmentDto> {
    return this.appointments.cancelByLink(token);
  }

  @LowPriority()
  @Get('appointments')
  @Roles('reception', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: "The annex's appointments of one day (default today), by time" })
  @ApiPageResponse(AppointmentDto)
  ofDay(@Query() q: AppointmentQuery, @CurrentUser() p: Principal): Promise<Page<AppointmentDto>> {
    return this.appointments.ofDay(q, p);
  }

  @Patch('appointments/:id')
  @Roles('citizen', 'reception', 'supervisor')
  @ApiOperation({ summary: 'Move a booking to another free slot (the old place is free again)' })
  @ApiOkResponse({ type: AppointmentDto })
  reschedule(@Param('id', ParseUUIDPipe) id: string, @Body() d: AppointmentUpdate, @CurrentUser() p: Principal): Promise<AppointmentDto> {
    return this.appointments.reschedule(id, d, p);
  }

  @Delete('appointments/:id')
  @Roles('citizen', 'reception', 'supervisor')
  @ApiOperation({ summary: 'Cancel a booking (its place is free again)' })
  @ApiOkResponse({ type: AppointmentDto })
  cancel(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<AppointmentDto> {
    return this.appointments.cancel(id, p);
  }

  @Post('appointments/:code/check-in')
  @HttpCode(201)
  @Roles('kiosk', 'reception')
  @ApiOperation({
    summary: 'Check in a booked visit (code typed or read from its QR): it becomes a ticket of its group, marked as an appointment',
  })
  @ApiCreatedResponse({ type: TicketDto })
  checkIn(@Param('code') code: string, @CurrentUser() p: Principal): Promise<TicketDto> {
    return this.appointments.checkIn(code, p);
  }
}
