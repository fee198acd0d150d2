import { Injectable } from '@nestjs/common';
import { CalendarService, Conflict, InvalidInput, NotFound, Principal } from '@app/core';
import { HolidayDto, HolidayInput, toHolidayDto } from './dto/holiday.dto';
import { HolidaysRepository } from './holidays.repository';

/** Public holidays of the working-time calendar; admins add the movable religious ones each year. */
@Injectable()
export class HolidaysService {
  constructor(
    private readonly holidays: HolidaysRepository,
    private readonly calendars: CalendarService,
  ) {}

  async list(): Promise<HolidayDto[]> {
    return (await this.holidays.list()).map(toHolidayDto);
  }

  async add(h: HolidayInput, p: Principal): Promise<HolidayDto> {
    if (!!h.day === !!h.monthDay) throw new InvalidInput([{ field: 'day', reason: 'oneOf', message: 'give either day or monthDay' }]);
    // An annex admin adds holidays of their own annex only; country-wide ones are the province's.
    const annexId = h.annexId ?? p.annexId;
    if (p.annexId && annexId !== p.annexId)
      throw new InvalidInput([{ field: 'annexId', reason: 'notAllowed', message: 'an annex admin adds holidays of their own annex' }]);
    if (annexId && !(await this.holidays.annexExists(annexId))) {
      throw new InvalidInput([{ field: 'annexId', reason: 'unknown', message: 'no such annex' }]);
    }
    try {
      const r = await this.holidays.insert({
        annexId: annexId ?? null,
        day: h.day ?? null,
        monthDay: h.monthDay ?? null,
        nameAr: h.nameAr,
        nameFr: h.nameFr,
      });
      this.calendars.invalidate();
      return toHolidayDto(r);
    } catch (e) {
      if ((e as { driverError?: { code?: string } }).driverError?.code === '23505') {
        throw new Conflict('duplicate-holiday', 'Holiday already listed', undefined, {
          errors: [{ field: h.day ? 'day' : 'monthDay', reason: 'unique', message: 'this date is already a holiday' }],
        });
      }
      throw e;
    }
  }

  async remove(id: string): Promise<void> {
    if (!(await this.holidays.delete(id))) throw new NotFound('Holiday');
    this.calendars.invalidate();
  }
}
