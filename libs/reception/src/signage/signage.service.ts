import { Injectable } from '@nestjs/common';
import { AppConfig, NotFound, Principal } from '@app/core';
import { ScreenBus } from '../screen/screen-bus';
import { SignageDto, SignageInput, toSignageDto } from './dto/signage.dto';
import { SignageRepository } from './signage.repository';

/** Screen content: the playlist (videos, images, announcements, law updates) and the services map. */
@Injectable()
export class SignageService {
  constructor(
    private readonly items: SignageRepository,
    private readonly bus: ScreenBus,
    private readonly config: AppConfig,
  ) {}

  async current(p?: Principal): Promise<SignageDto[]> {
    const rows = await this.items.current(p?.annexId ? { id: p.annexId } : { code: this.config.DEFAULT_ANNEX_CODE });
    return rows.map(toSignageDto);
  }

  async save(d: SignageInput, p: Principal, id?: string): Promise<SignageDto> {
    const row = id ? await this.items.update(id, p.annexId, d) : await this.items.insert(p.annexId, d);
    if (!row) throw new NotFound('Signage item');
    await this.bus.publish({ type: 'signage.changed', annexId: p.annexId!, data: { id: row.id } });
    return toSignageDto(row);
  }

  async remove(id: string, p: Principal): Promise<void> {
    if (!(await this.items.delete(id, p.annexId))) throw new NotFound('Signage item');
    await this.bus.publish({ type: 'signage.changed', annexId: p.annexId!, data: { id } });
  }
}
