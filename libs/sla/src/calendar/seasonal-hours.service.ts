import { Injectable } from '@nestjs/common';
import { CalendarService, FieldError, Forbidden, InvalidInput, NotFound, Principal } from '@app/core';
import { SeasonalHoursDto, SeasonalHoursInput, toSeasonalHoursDto } from './dto/seasonal-hours.dto';
import { SeasonalHoursRepository } from './seasonal-hours.repository';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Seasonal opening hours per annex (Ramadan, summer): part of the working-time calendar. */
@Injectable()
export class SeasonalHoursService {
  constructor(
    private readonly seasons: SeasonalHoursRepository,
    private readonly calendars: CalendarService,
  ) {}

  private annexOf(p: Principal | null, annexId: string | undefined): string {
    const id = annexId ?? p?.annexId;
    if (!id) throw new InvalidInput([{ field: 'annexId', reason: 'required', message: 'name the annex' }]);
    if (p?.annexId && id !== p.annexId) throw new Forbidden('An annex admin edits only their annex');
    return id;
  }

  async list(annexId: string | undefined): Promise<SeasonalHoursDto[]> {
    if (!annexId) throw new InvalidInput([{ field: 'annexId', reason: 'required', message: 'name the annex' }]);
    return (await this.seasons.list(annexId)).map(toSeasonalHoursDto);
  }

  async add(h: SeasonalHoursInput, p: Principal): Promise<SeasonalHoursDto> {
    const annexId = this.annexOf(p, h.annexId);
    const errors: FieldError[] = [];
    if (h.endsOn < h.startsOn) errors.push({ field: 'endsOn', reason: 'order', message: 'the season ends on or after its first day' });
    for (const [day, window] of Object.entries(h.openingHours)) {
      if (!DAYS.includes(day)) errors.push({ field: `openingHours.${day}`, reason: 'unknown', message: `days are ${DAYS.join(', ')}` });
      else if (
        !Array.isArray(window) ||
        window.length !== 2 ||
        !window.every((v) => typeof v === 'string' && HHMM.test(v)) ||
        window[0] >= window[1]
      ) {
        errors.push({ field: `openingHours.${day}`, reason: 'format', message: 'hours are ["HH:mm","HH:mm"], opening before closing' });
      }
    }
    if (errors.length) throw new InvalidInput(errors);
    if (!(await this.seasons.annexExists(annexId)))
      throw new InvalidInput([{ field: 'annexId', reason: 'unknown', message: 'no such annex' }]);
    const row = await this.seasons.insert({
      annexId,
      nameAr: h.nameAr,
      nameFr: h.nameFr,
      startsOn: h.startsOn,
      endsOn: h.endsOn,
      openingHours: h.openingHours,
    });
    this.calendars.invalidate();
    return toSeasonalHoursDto(row);
  }

  async remove(id: string, p: Principal): Promise<void> {
    if (!(await this.seasons.delete(id, p.annexId))) throw new NotFound('Seasonal hours');
    this.calendars.invalidate();
  }
}
