import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, Conflict, decodeCursor, InvalidInput, NotFound, Page, PageQuery, Principal, toPage } from '@app/core';
import { hashPassword } from '../auth/passwords';
import { TokenService } from '../auth/token.service';
import { SecondFactor } from '../auth/second-factor';
import { CounterDto, NeighbourhoodDto, StaffCreate, StaffDto, StaffPatch } from '../dto/staff.dto';

const COLUMNS = `id, username, full_name, full_name_ar, role, annex_id, active, email, phone, created_at`;
const toDto = (r: Record<string, any>): StaffDto => ({
  id: r.id,
  username: r.username,
  fullName: r.full_name,
  fullNameAr: r.full_name_ar ?? null,
  role: r.role,
  annexId: r.annex_id,
  active: r.active,
  email: r.email,
  phone: r.phone,
  createdAt: new Date(r.created_at).toISOString(),
});

/** Staff and device accounts (admin), and the annex's reference lists. */
@Injectable()
export class StaffService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
    private readonly secondFactor: SecondFactor,
  ) {}

  /** An admin resets a lost second factor: it goes (recorded), the account is signed out and sets up a new one. */
  async resetSecondFactor(id: string, p: Principal): Promise<void> {
    await this.get(id, p);
    await this.db.transaction(async (m) => {
      await this.secondFactor.reset(id, p.id, m);
      await this.tokens.revokeSubject(id, m);
    });
  }

  async list(q: PageQuery, p: Principal): Promise<Page<StaffDto>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 1);
    const params: unknown[] = [p.annexId, after?.[0] ?? ''];
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM staff WHERE ($1::uuid IS NULL OR annex_id = $1 OR annex_id IS NULL) AND username > $2 ORDER BY username LIMIT ${limit + 1}`,
      params,
    );
    return toPage(rows, limit, (r: Record<string, any>) => [r.username], toDto);
  }

  async get(id: string, p: Principal): Promise<StaffDto> {
    const [r] = await this.db.query(
      `SELECT ${COLUMNS} FROM staff WHERE id = $1 AND ($2::uuid IS NULL OR annex_id = $2 OR annex_id IS NULL)`,
      [id, p.annexId],
    );
    if (!r) throw new NotFound('Staff member');
    return toDto(r);
  }

  async create(d: StaffCreate, p: Principal): Promise<StaffDto> {
    const annexId = d.annexId ?? p.annexId;
    if (!annexId && d.role !== 'admin')
      throw new InvalidInput([{ field: 'annexId', reason: 'required', message: 'annexId is required for this role' }]);
    if (p.annexId && annexId !== p.annexId)
      throw new InvalidInput([{ field: 'annexId', reason: 'notAllowed', message: 'an annex admin creates accounts in their own annex' }]);
    const [taken] = await this.db.query(`SELECT 1 FROM staff WHERE username = $1`, [d.username]);
    if (taken)
      throw new Conflict('duplicate-username', 'Username taken', undefined, {
        errors: [{ field: 'username', reason: 'unique', message: 'this username is taken' }],
      });
    const [r] = await this.db.query(
      `INSERT INTO staff (annex_id, username, full_name, role, password_hash, email, phone, full_name_ar) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [annexId, d.username, d.fullName, d.role, await hashPassword(d.password), d.email ?? null, d.phone ?? null, d.fullNameAr ?? null],
    );
    return toDto(r);
  }

  async update(id: string, d: StaffPatch, p: Principal): Promise<StaffDto> {
    await this.get(id, p);
    const hash = d.password ? await hashPassword(d.password) : null;
    return this.db.transaction(async (m) => {
      const [[r]] = await m.query(
        `UPDATE staff SET full_name = COALESCE($2, full_name), role = COALESCE($3, role), active = COALESCE($4, active),
                password_hash = COALESCE($5, password_hash), email = COALESCE($6, email), phone = COALESCE($7, phone), full_name_ar = COALESCE($8, full_name_ar), updated_at = now()
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, d.fullName ?? null, d.role ?? null, d.active ?? null, hash, d.email ?? null, d.phone ?? null, d.fullNameAr ?? null],
      );
      if (d.active === false || hash || d.role) await this.tokens.revokeSubject(id, m);
      return toDto(r);
    });
  }

  async neighbourhoods(annexCode: string | undefined, p: Principal | undefined): Promise<NeighbourhoodDto[]> {
    const rows = await this.db.query(
      `SELECT n.id, n.code, n.name_ar, n.name_fr FROM neighbourhood n JOIN annex a ON a.id = n.annex_id
        WHERE ${annexCode || !p?.annexId ? 'a.code = $1' : 'a.id = $1'} ORDER BY n.name_fr`,
      [annexCode ?? p?.annexId ?? this.config.DEFAULT_ANNEX_CODE],
    );
    return rows.map((r: Record<string, any>) => ({ id: r.id, code: r.code, nameAr: r.name_ar, nameFr: r.name_fr }));
  }

  async counters(p: Principal): Promise<CounterDto[]> {
    const rows = await this.db.query(`SELECT number, label, groups FROM counter WHERE annex_id = $1 ORDER BY number`, [p.annexId]);
    return rows.map((r: Record<string, any>) => ({ number: r.number, label: r.label, groups: r.groups }));
  }
}
