import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarService, Conflict, FieldError, Forbidden, InvalidInput, NotFound, Principal } from '@app/core';
import {
  AnnexChecklistDto,
  AnnexCreate,
  AnnexDto,
  AnnexPatch,
  ChecklistItemDto,
  CounterInput,
  NeighbourhoodImport,
  NeighbourhoodImportDto,
} from '../dto/annex.dto';
import { CounterDto } from '../dto/staff.dto';
import { parseNeighbourhoodCsv } from './neighbourhood-csv';

const COLUMNS = `id, code, name_ar, name_fr, name_zgh, province, province_ar, pachalik, pachalik_ar, city_fr, city_ar, address, address_ar, phone,
  signatory_name, signatory_name_ar, signatory_title_fr, signatory_title_ar, emblem_url, time_zone, opening_hours, disabled_procedures, status, opened_at, created_at`;

/** Body field → column, for the identity fields an admin sets or edits. */
const FIELDS: Record<keyof AnnexPatch, string> = {
  nameAr: 'name_ar',
  nameFr: 'name_fr',
  nameZgh: 'name_zgh',
  province: 'province',
  provinceAr: 'province_ar',
  pachalik: 'pachalik',
  pachalikAr: 'pachalik_ar',
  cityFr: 'city_fr',
  cityAr: 'city_ar',
  address: 'address',
  addressAr: 'address_ar',
  phone: 'phone',
  signatoryName: 'signatory_name',
  signatoryNameAr: 'signatory_name_ar',
  signatoryTitleFr: 'signatory_title_fr',
  signatoryTitleAr: 'signatory_title_ar',
  emblemUrl: 'emblem_url',
  openingHours: 'opening_hours',
  disabledProcedures: 'disabled_procedures',
};

const toDto = (r: Record<string, any>): AnnexDto => ({
  id: r.id,
  code: r.code,
  nameAr: r.name_ar,
  nameFr: r.name_fr,
  nameZgh: r.name_zgh,
  province: r.province,
  provinceAr: r.province_ar,
  pachalik: r.pachalik,
  pachalikAr: r.pachalik_ar,
  cityFr: r.city_fr,
  cityAr: r.city_ar,
  address: r.address,
  addressAr: r.address_ar,
  phone: r.phone,
  signatoryName: r.signatory_name,
  signatoryNameAr: r.signatory_name_ar,
  signatoryTitleFr: r.signatory_title_fr,
  signatoryTitleAr: r.signatory_title_ar,
  emblemUrl: r.emblem_url,
  timeZone: r.time_zone,
  openingHours: r.opening_hours ?? {},
  disabledProcedures: r.disabled_procedures ?? [],
  status: r.status,
  openedAt: r.opened_at ? new Date(r.opened_at).toISOString() : null,
  createdAt: new Date(r.created_at).toISOString(),
});

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Opening hours as the calendar reads them: each day one window or several, each [from, to] with from < to. */
function hoursErrors(hours: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [day, value] of Object.entries(hours)) {
    const field = `openingHours.${day}`;
    if (!DAYS.includes(day)) {
      errors.push({ field, reason: 'unknownDay', message: `days are ${DAYS.join(', ')}` });
      continue;
    }
    const windows = Array.isArray(value) && typeof value[0] === 'string' ? [value] : value;
    const ok =
      Array.isArray(windows) &&
      windows.length > 0 &&
      windows.every(
        (w) => Array.isArray(w) && w.length === 2 && TIME.test(String(w[0])) && TIME.test(String(w[1])) && String(w[0]) < String(w[1]),
      );
    if (!ok) errors.push({ field, reason: 'format', message: 'a window is ["HH:MM","HH:MM"] (from before to), or a list of them' });
  }
  return errors;
}

/**
 * Annexes of the province: created, described and opened through the API by a province-wide
 * admin; an annex's own admin edits its identity. Its neighbourhoods, counters and checklist
 * live here too; its staff and devices are staff accounts (POST /staff with its annexId), its
 * local holidays are holidays with its annexId.
 */
@Injectable()
export class AnnexesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: CalendarService,
  ) {}

  /** A province-wide admin sees every annex; anyone else, their own. */
  async list(p: Principal, status?: string): Promise<AnnexDto[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM annex WHERE ($1::uuid IS NULL OR id = $1) AND ($2::text IS NULL OR status = $2) ORDER BY code`,
      [this.provinceWide(p) ? null : (p.annexId ?? '00000000-0000-0000-0000-000000000000'), status ?? null],
    );
    return rows.map(toDto);
  }

  async get(id: string, p: Principal): Promise<AnnexDto> {
    return toDto(await this.row(this.db.manager, id, p));
  }

  async create(d: AnnexCreate, p: Principal): Promise<AnnexDto> {
    this.requireProvinceWide(p);
    await this.validate(d);
    const keys = (Object.keys(FIELDS) as (keyof AnnexPatch)[]).filter((k) => d[k] !== undefined);
    const values = keys.map((k) => (k === 'openingHours' ? JSON.stringify(d[k]) : d[k]));
    try {
      const [r] = await this.db.query(
        `INSERT INTO annex (code, status, ${keys.map((k) => FIELDS[k]).join(', ')}) VALUES ($1, 'draft', ${keys.map((_, i) => `$${i + 2}`).join(', ')}) RETURNING ${COLUMNS}`,
        [d.code, ...values],
      );
      return toDto(r);
    } catch (e) {
      if ((e as { driverError?: { code?: string } }).driverError?.code === '23505') {
        throw new Conflict('duplicate-annex-code', 'Annex code taken', undefined, {
          errors: [{ field: 'code', reason: 'unique', message: 'another annex has this code' }],
        });
      }
      throw e;
    }
  }

  async update(id: string, d: AnnexPatch, p: Principal): Promise<AnnexDto> {
    await this.row(this.db.manager, id, p, true);
    await this.validate(d);
    const keys = (Object.keys(FIELDS) as (keyof AnnexPatch)[]).filter((k) => d[k] !== undefined);
    if (!keys.length) return this.get(id, p);
    const values = keys.map((k) => (k === 'openingHours' ? JSON.stringify(d[k]) : d[k]));
    const [[r]] = await this.db.query(
      `UPDATE annex SET ${keys.map((k, i) => `${FIELDS[k]} = $${i + 2}`).join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, ...values],
    );
    if (d.openingHours) this.calendars.invalidate();
    return toDto(r);
  }

  async importNeighbourhoods(id: string, d: NeighbourhoodImport, p: Principal): Promise<NeighbourhoodImportDto> {
    await this.row(this.db.manager, id, p, true);
    const rows = parseNeighbourhoodCsv(d.csv);
    return this.db.transaction(async (m) => {
      for (const n of rows) {
        await m.query(
          `INSERT INTO neighbourhood (annex_id, code, name_ar, name_fr) VALUES ($1, $2, $3, $4)
           ON CONFLICT (annex_id, code) DO UPDATE SET name_ar = EXCLUDED.name_ar, name_fr = EXCLUDED.name_fr`,
          [id, n.code, n.nameAr, n.nameFr],
        );
      }
      const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM neighbourhood WHERE annex_id = $1`, [id]);
      return { imported: rows.length, total };
    });
  }

  /** Adds a counter, or changes the label and service groups of the one with that number. */
  async putCounter(id: string, d: CounterInput, p: Principal): Promise<CounterDto> {
    await this.row(this.db.manager, id, p, true);
    const [r] = await this.db.query(
      `INSERT INTO counter (annex_id, number, label, groups) VALUES ($1, $2, $3, $4)
       ON CONFLICT (annex_id, number) DO UPDATE SET label = EXCLUDED.label, groups = EXCLUDED.groups RETURNING number, label, groups`,
      [id, d.number, d.label ?? `Guichet ${d.number}`, [...new Set(d.groups)]],
    );
    return { number: r.number, label: r.label, groups: r.groups };
  }

  async counters(id: string, p: Principal): Promise<CounterDto[]> {
    await this.row(this.db.manager, id, p);
    const rows = await this.db.query(`SELECT number, label, groups FROM counter WHERE annex_id = $1 ORDER BY number`, [id]);
    return rows.map((r: Record<string, any>) => ({ number: r.number, label: r.label, groups: r.groups }));
  }

  /** What the annex still lacks before it can open. */
  async checklist(id: string, p: Principal, m: EntityManager = this.db.manager): Promise<AnnexChecklistDto> {
    const a = await this.row(m, id, p);
    const [c] = await m.query(
      `SELECT (SELECT count(*)::int FROM neighbourhood WHERE annex_id = $1) AS neighbourhoods,
              (SELECT count(*)::int FROM counter WHERE annex_id = $1 AND cardinality(groups) > 0) AS counters,
              (SELECT count(*)::int FROM procedure p WHERE p.current_version_id IS NOT NULL AND NOT (p.code = ANY($2::text[]))) AS procedures,
              (SELECT count(*)::int FROM staff WHERE annex_id = $1 AND active AND role = 'agent') AS agents,
              (SELECT count(*)::int FROM staff WHERE annex_id = $1 AND active AND role = 'supervisor') AS supervisors,
              (SELECT count(*)::int FROM staff WHERE annex_id = $1 AND active AND role = 'display') AS displays,
              (SELECT count(*)::int FROM staff WHERE annex_id = $1 AND active AND role = 'kiosk') AS kiosks,
              (SELECT count(*)::int FROM holiday WHERE annex_id = $1) AS local_holidays`,
      [id, a.disabled_procedures ?? []],
    );
    const missingIdentity = (
      [
        'name_ar',
        'name_fr',
        'province',
        'pachalik',
        'city_fr',
        'city_ar',
        'address',
        'address_ar',
        'signatory_title_fr',
        'signatory_title_ar',
      ] as const
    ).filter((k) => !String(a[k] ?? '').trim());
    const days = Object.keys(a.opening_hours ?? {}).filter((k) => DAYS.includes(k));
    const items: ChecklistItemDto[] = [
      {
        key: 'identity',
        done: !missingIdentity.length,
        detail: missingIdentity.length ? `missing: ${missingIdentity.join(', ')}` : 'names, province, address and signatory set',
      },
      {
        key: 'openingHours',
        done: days.length > 0,
        detail: days.length ? `open ${days.join(', ')}; ${c.local_holidays} local holiday(s)` : 'no opening hours',
      },
      { key: 'neighbourhoods', done: c.neighbourhoods > 0, detail: `${c.neighbourhoods} neighbourhood(s)` },
      { key: 'counters', done: c.counters > 0, detail: `${c.counters} counter(s) serving a group` },
      {
        key: 'procedures',
        done: c.procedures > 0,
        detail: `${c.procedures} procedure(s) offered, ${(a.disabled_procedures ?? []).length} disabled`,
      },
      { key: 'staff', done: c.agents > 0 && c.supervisors > 0, detail: `${c.agents} agent(s), ${c.supervisors} supervisor(s)` },
      { key: 'devices', done: c.displays > 0, detail: `${c.displays} display screen(s), ${c.kiosks} kiosk(s)` },
    ];
    return { annexId: id, status: a.status, ready: items.every((i) => i.done), items };
  }

  /** Opening is explicit, and only with the checklist complete; opening an open annex changes nothing. */
  async open(id: string, p: Principal): Promise<AnnexDto> {
    this.requireProvinceWide(p);
    return this.db.transaction(async (m) => {
      await m.query(`SELECT 1 FROM annex WHERE id = $1 FOR UPDATE`, [id]);
      const list = await this.checklist(id, p, m);
      if (!list.ready) {
        throw new Conflict(
          'annex-not-ready',
          'The annex cannot open yet',
          `missing: ${list.items
            .filter((i) => !i.done)
            .map((i) => i.key)
            .join(', ')}`,
          {
            missing: list.items.filter((i) => !i.done).map((i) => i.key),
          },
        );
      }
      const [[r]] = await m.query(
        `UPDATE annex SET status = 'open', opened_at = COALESCE(opened_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
        [id],
      );
      return toDto(r);
    });
  }

  private provinceWide(p: Principal): boolean {
    return p.role === 'admin' && p.annexId === null;
  }

  private requireProvinceWide(p: Principal): void {
    if (!this.provinceWide(p)) throw new Forbidden('Only a province-wide admin creates or opens annexes');
  }

  /** The annex row if the caller may see it (`write`: and change it: a province-wide admin, or an admin of that annex). */
  private async row(m: EntityManager, id: string, p: Principal, write = false): Promise<Record<string, any>> {
    const [r] = await m.query(`SELECT ${COLUMNS} FROM annex WHERE id = $1`, [id]);
    if (!r || (!this.provinceWide(p) && p.annexId !== id)) throw new NotFound('Annex');
    if (write && !this.provinceWide(p) && p.role !== 'admin') throw new Forbidden('Only an admin changes an annex');
    return r;
  }

  private async validate(d: AnnexPatch): Promise<void> {
    const errors = d.openingHours ? hoursErrors(d.openingHours) : [];
    if (d.disabledProcedures?.length) {
      const known: { code: string }[] = await this.db.query(`SELECT code FROM procedure WHERE code = ANY($1::text[])`, [
        d.disabledProcedures,
      ]);
      const unknown = d.disabledProcedures.filter((c) => !known.some((k) => k.code === c));
      if (unknown.length) errors.push({ field: 'disabledProcedures', reason: 'unknown', message: `no procedure ${unknown.join(', ')}` });
    }
    if (errors.length) throw new InvalidInput(errors);
  }
}
