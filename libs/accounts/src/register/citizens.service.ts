import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessLog, annexOf, Conflict, decodeCursor, InvalidInput, NotFound, Page, PageQuery, Principal, toPage } from '@app/core';
import { CitizenChangeDto, CitizenDto, CitizenInput, CitizenPatch, ProfilePatch } from '../dto/citizen.dto';

const FIELDS: Record<string, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  firstNameAr: 'first_name_ar',
  lastNameAr: 'last_name_ar',
  birthDate: 'birth_date',
  sex: 'sex',
  phone: 'phone',
  email: 'email',
  neighbourhoodId: 'neighbourhood_id',
  addressLine: 'address_line',
  preferredLanguage: 'preferred_language',
  preferredChannel: 'preferred_channel',
  residenceTo: 'residence_to',
};

const COLUMNS = `id, annex_id, cin, first_name, last_name, first_name_ar, last_name_ar, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, sex, phone,
  email, neighbourhood_id, address_line, preferred_language, preferred_channel, status, assisted_by,
  to_char(residence_from, 'YYYY-MM-DD') AS residence_from, to_char(residence_to, 'YYYY-MM-DD') AS residence_to, created_at`;

export function toCitizenDto(r: Record<string, any>): CitizenDto {
  return {
    id: r.id,
    cin: r.cin,
    firstName: r.first_name,
    lastName: r.last_name,
    firstNameAr: r.first_name_ar,
    lastNameAr: r.last_name_ar,
    birthDate: r.birth_date,
    sex: r.sex,
    phone: r.phone,
    email: r.email,
    neighbourhoodId: r.neighbourhood_id,
    addressLine: r.address_line,
    preferredLanguage: r.preferred_language,
    preferredChannel: r.preferred_channel,
    status: r.status,
    assistedBy: r.assisted_by,
    residenceFrom: r.residence_from,
    residenceTo: r.residence_to,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** The shortest search term: a CIN's letters and a digit, three letters of a name. */
export const MIN_SEARCH = 3;

/** The citizen register: assisted creation, search, staff corrections, self-service profile. */
@Injectable()
export class CitizensService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessLog,
  ) {}

  /** Inserts a citizen (sign-up or assisted); the duplicate CIN is a 409 naming `cin`. */
  async insert(
    m: EntityManager,
    annexId: string,
    d: CitizenInput,
    extra: { status: string; passwordHash?: string | null; assistedBy?: string | null },
    actor: { id: string | null; role: string },
  ): Promise<CitizenDto> {
    await this.assertInsertable(m, annexId, d);
    const [row] = await m.query(
      `INSERT INTO citizen (annex_id, cin, first_name, last_name, first_name_ar, last_name_ar, birth_date, sex, phone, email, neighbourhood_id,
                            address_line, preferred_language, preferred_channel, password_hash, status, assisted_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING ${COLUMNS}`,
      [
        annexId,
        d.cin,
        d.firstName,
        d.lastName,
        d.firstNameAr,
        d.lastNameAr,
        d.birthDate,
        d.sex,
        d.phone,
        d.email ?? null,
        d.neighbourhoodId,
        d.addressLine ?? null,
        d.preferredLanguage,
        d.preferredChannel,
        extra.passwordHash ?? null,
        extra.status,
        extra.assistedBy ?? null,
      ],
    );
    await m.query(`INSERT INTO citizen_change (citizen_id, actor_id, actor_role, field, new_value) VALUES ($1, $2, $3, 'created', $4)`, [
      row.id,
      actor.id,
      actor.role,
      extra.assistedBy ? 'assisted' : 'self',
    ]);
    return toCitizenDto(row);
  }

  async assertInsertable(m: EntityManager, annexId: string | null, d: CitizenInput): Promise<void> {
    if (!annexId) throw new InvalidInput([{ field: 'neighbourhoodId', reason: 'unknown', message: 'no such neighbourhood' }]);
    await this.checkNeighbourhood(m, annexId, d.neighbourhoodId);
    const [exists] = await m.query(`SELECT 1 FROM citizen WHERE cin = $1`, [d.cin]);
    if (exists) {
      throw new Conflict('duplicate-cin', 'CIN already registered', 'A citizen account already exists for this CIN', {
        errors: [{ field: 'cin', reason: 'unique', message: 'this CIN is already registered' }],
      });
    }
  }

  create(d: CitizenInput, p: Principal): Promise<CitizenDto> {
    return this.db.transaction((m) => this.insert(m, annexOf(p), d, { status: 'unclaimed', assistedBy: p.id }, { id: p.id, role: p.role }));
  }

  /** A search needs a term (no browsing of the register); each citizen returned is an access event. */
  async search(q: string, page: PageQuery, p: Principal, reason?: string): Promise<Page<CitizenDto>> {
    const limit = page.limit ?? 20;
    const after = decodeCursor(page.cursor, 1);
    const term = q.trim();
    if (term.length < MIN_SEARCH)
      throw new InvalidInput([{ field: 'q', reason: 'minLength', message: `a search needs at least ${MIN_SEARCH} characters` }]);
    const params: unknown[] = [annexOf(p), term.toUpperCase(), `%${term}%`, term.replace(/[\s.-]/g, '')];
    const where = [
      'annex_id = $1',
      `(cin LIKE $2 || '%' OR phone LIKE '%' || right($4, 9) OR (first_name || ' ' || last_name || ' ' || first_name_ar || ' ' || last_name_ar) ILIKE $3)`,
    ];
    if (after) {
      params.push(after[0]);
      where.push(`id > $${params.length}`);
    }
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM citizen WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${limit + 1}`, params);
    const shown = rows.slice(0, limit);
    await this.access.record(
      p,
      shown.map((r: Record<string, any>) => ({ citizenId: r.id, what: 'search' as const })),
      reason ?? null,
    );
    return toPage(rows, limit, (r: Record<string, any>) => [r.id], toCitizenDto);
  }

  /** A staff read of one record is itself recorded (who, when, why): the register is a census. */
  async get(id: string, p: Principal, reason: string | undefined): Promise<CitizenDto> {
    const row = await this.row(this.db.manager, id, p);
    await this.access.record(p, [{ citizenId: id, what: 'citizen', objectId: id }], reason ?? null);
    return toCitizenDto(row);
  }

  update(id: string, patch: CitizenPatch | ProfilePatch, p: Principal): Promise<CitizenDto> {
    return this.db.transaction(async (m) => {
      const before = await this.row(m, id, p, true);
      const changes = Object.entries(patch).filter(
        ([k, v]) => v !== undefined && FIELDS[k] && String(before[FIELDS[k]] ?? '') !== String(v ?? ''),
      );
      const movedTo =
        'neighbourhoodId' in patch && patch.neighbourhoodId ? await this.destination(m, before, patch.neighbourhoodId, p) : null;
      if (changes.length === 0) return toCitizenDto(before);
      if (movedTo) await this.move(m, before, movedTo, p);
      const sets = changes.map(([k], i) => `${FIELDS[k]} = $${i + 2}`);
      const [[row]] = await m.query(
        `UPDATE citizen SET ${sets.join(', ')}, updated_at = now(), version = version + 1 WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, ...changes.map(([, v]) => v)],
      );
      for (const [k, v] of changes) {
        await m.query(
          `INSERT INTO citizen_change (citizen_id, actor_id, actor_role, field, old_value, new_value) VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            id,
            p.id,
            p.role,
            k,
            before[FIELDS[k]] === null || before[FIELDS[k]] === undefined ? null : String(before[FIELDS[k]]),
            v === null ? null : String(v),
          ],
        );
      }
      return toCitizenDto(row);
    });
  }

  /** One's change history, oldest first, in keyset pages (the cursor is the last change's id). */
  async history(citizenId: string, q: PageQuery): Promise<Page<CitizenChangeDto>> {
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor, 1);
    const rows = await this.db.query(
      `SELECT id, field, old_value, new_value, actor_id, actor_role, at FROM citizen_change WHERE citizen_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [citizenId, after ? Number(after[0]) : 0, limit + 1],
    );
    return toPage(
      rows,
      limit,
      (r: Record<string, any>) => [Number(r.id)],
      (r: Record<string, any>) => ({
        field: r.field,
        oldValue: r.old_value,
        newValue: r.new_value,
        actorId: r.actor_id,
        actorRole: r.actor_role,
        at: new Date(r.at).toISOString(),
      }),
    );
  }

  /** A citizen reaches only their own record; staff only their annex's (a province admin: all). */
  private async row(m: EntityManager, id: string, p: Principal, lock = false): Promise<Record<string, any>> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM citizen WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    const visible = row && (p.role === 'citizen' ? row.id === p.id : p.annexId === null || row.annex_id === p.annexId);
    if (!visible) throw new NotFound('Citizen');
    return row;
  }

  /**
   * The annex a new neighbourhood takes the citizen to, or null when it is in their annex. Only
   * the citizen moves themselves to another (open) annex; staff choose within their own.
   */
  private async destination(m: EntityManager, before: Record<string, any>, neighbourhoodId: string, p: Principal): Promise<string | null> {
    const [n] = await m.query(`SELECT n.annex_id, a.status FROM neighbourhood n JOIN annex a ON a.id = n.annex_id WHERE n.id = $1`, [
      neighbourhoodId,
    ]);
    if (n?.annex_id === before.annex_id) return null;
    if (!n || p.role !== 'citizen' || n.status !== 'open') {
      throw new InvalidInput([{ field: 'neighbourhoodId', reason: 'unknown', message: 'no such neighbourhood in this annex' }]);
    }
    return n.annex_id;
  }

  /** A move to another annex: the residence left is kept for the old annex's history and census; the register row follows the citizen. */
  private async move(m: EntityManager, before: Record<string, any>, annexId: string, p: Principal): Promise<void> {
    const today = `(now() AT TIME ZONE 'Africa/Casablanca')::date`;
    await m.query(
      `INSERT INTO citizen_residence (citizen_id, annex_id, neighbourhood_id, residence_from, residence_to) VALUES ($1, $2, $3, LEAST($4::date, ${today}), ${today})`,
      [before.id, before.annex_id, before.neighbourhood_id, before.residence_from],
    );
    await m.query(`UPDATE citizen SET annex_id = $2, residence_from = ${today}, residence_to = NULL WHERE id = $1`, [before.id, annexId]);
    await m.query(
      `INSERT INTO citizen_change (citizen_id, actor_id, actor_role, field, old_value, new_value) VALUES ($1, $2, $3, 'annexId', $4, $5)`,
      [before.id, p.id, p.role, before.annex_id, annexId],
    );
  }

  private async checkNeighbourhood(m: EntityManager, annexId: string, id: string): Promise<void> {
    const [n] = await m.query(`SELECT 1 FROM neighbourhood WHERE id = $1 AND annex_id = $2`, [id, annexId]);
    if (!n) throw new InvalidInput([{ field: 'neighbourhoodId', reason: 'unknown', message: 'no such neighbourhood in this annex' }]);
  }
}
