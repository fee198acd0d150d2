import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFound, Principal } from '@app/core';
import { Citizen } from './entities/citizen.entity';
import { Staff } from './entities/staff.entity';
import { MeDto } from './dto/me.dto';

@Injectable()
export class MeService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(user: Principal): Promise<MeDto> {
    const base = { id: user.id, kind: user.kind, role: user.role, annexId: user.annexId, counter: user.counter, channel: user.channel };
    if (user.kind === 'citizen') {
      const c = await this.db.manager.findOne(Citizen, { where: { id: user.id } });
      if (!c) throw new NotFound('Account');
      const { passwordHash: _p, failedLogins: _f, lockedUntil: _l, ...profile } = c;
      return { ...base, fullName: `${c.firstName} ${c.lastName}`, profile };
    }
    if (user.kind === 'staff') {
      const s = await this.db.manager.findOne(Staff, { where: { id: user.id } });
      if (!s) throw new NotFound('Account');
      return { ...base, username: s.username, fullName: s.fullName };
    }
    return base;
  }
}
