import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessLog, Conflict, InvalidInput, NotFound, Principal } from '@app/core';
import { transferDependentRequests } from '@app/requests';
import { CitizensService } from '../register/citizens.service';
import { DependentAccountInput, DependentConfirmInput, DependentDto, DependentInput } from './dto/family.dto';
import { citizenInAnnex, MAJORITY_YEARS, TODAY_SQL } from './family-rules';

const COLUMNS = `d.id, d.guardian_id, d.first_name, d.last_name, d.first_name_ar, d.last_name_ar, to_char(d.birth_date, 'YYYY-MM-DD') AS birth_date,
  d.birth_record_ref, d.status, d.confirmed_at, d.booklet_ref, d.created_at, s.full_name AS confirmed_by_name,
  d.birth_date <= ${TODAY_SQL} - make_interval(years => ${MAJORITY_YEARS}) AS adult`;
const FROM = `FROM dependent d LEFT JOIN staff s ON s.id = d.confirmed_by`;

const toDto = (r: Record<string, any>): DependentDto => ({
  id: r.id,
  guardianId: r.guardian_id,
  firstName: r.first_name,
  lastName: r.last_name,
  firstNameAr: r.first_name_ar,
  lastNameAr: r.last_name_ar,
  birthDate: r.birth_date,
  birthRecordRef: r.birth_record_ref,
  status: r.status,
  confirmedAt: r.confirmed_at ? new Date(r.confirmed_at).toISOString() : null,
  bookletRef: r.booklet_ref,
  confirmedByName: r.confirmed_by_name,
  adult: r.adult,
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * A parent's minor children: added by the parent, confirmed once at a counter by an agent who
 * saw the family record booklet (who, when and which booklet are kept), then requests can be
 * filed for them; at 18 the child gets an account of their own and their requests follow them.
 */
@Injectable()
export class DependentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly citizens: CitizensService,
    private readonly access: AccessLog,
  ) {}

  async mine(p: Principal): Promise<DependentDto[]> {
    const rows = await this.db.query(`SELECT ${COLUMNS} ${FROM} WHERE d.guardian_id = $1 ORDER BY d.birth_date, d.id`, [p.id]);
    return rows.map(toDto);
  }

  async add(d: DependentInput, p: Principal): Promise<DependentDto> {
    return this.db.transaction(async (m) => {
      const [{ minor }] = await m.query(`SELECT $1::date > ${TODAY_SQL} - make_interval(years => ${MAJORITY_YEARS}) AS minor`, [
        d.birthDate,
      ]);
      if (!minor)
        throw new InvalidInput([
          {
            field: 'birthDate',
            reason: 'notMinor',
            message: `a dependent is a child under ${MAJORITY_YEARS}; an adult gives a mandate instead`,
          },
        ]);
      const [dup] = await m.query(`SELECT 1 FROM dependent WHERE guardian_id = $1 AND birth_record_ref = $2`, [p.id, d.birthRecordRef]);
      if (dup) {
        throw new Conflict(
          'duplicate-dependent',
          'Dependent already added',
          'A dependent with this birth record is already on your account',
          {
            errors: [{ field: 'birthRecordRef', reason: 'unique', message: 'this birth record is already on your account' }],
          },
        );
      }
      const [row] = await m.query(
        `INSERT INTO dependent (guardian_id, first_name, last_name, first_name_ar, last_name_ar, birth_date, birth_record_ref) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [p.id, d.firstName, d.lastName, d.firstNameAr, d.lastNameAr, d.birthDate, d.birthRecordRef],
      );
      return this.one(m, row.id);
    });
  }

  /** A citizen's dependents as the counter sees them: a read of personal data, recorded. */
  async of(citizenId: string, p: Principal, reason?: string): Promise<DependentDto[]> {
    await citizenInAnnex(this.db.manager, citizenId, p);
    const rows = await this.db.query(`SELECT ${COLUMNS} ${FROM} WHERE d.guardian_id = $1 ORDER BY d.birth_date, d.id`, [citizenId]);
    await this.access.record(p, [{ citizenId, what: 'family', objectId: null }], reason ?? 'dependents');
    return rows.map(toDto);
  }

  /** The agent saw the booklet: recorded with the agent, the time and the booklet's reference. */
  async confirm(id: string, d: DependentConfirmInput, p: Principal): Promise<DependentDto> {
    return this.db.transaction(async (m) => {
      const [row] = await m.query(`SELECT id, guardian_id, status FROM dependent WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw new NotFound('Dependent');
      await citizenInAnnex(m, row.guardian_id, p, 'Dependent');
      if (row.status !== 'pending')
        throw new Conflict('dependent-already-confirmed', 'Already confirmed', 'This dependent was already confirmed at a counter');
      await m.query(`UPDATE dependent SET status = 'confirmed', confirmed_by = $2, confirmed_at = now(), booklet_ref = $3 WHERE id = $1`, [
        id,
        p.id,
        d.bookletRef,
      ]);
      await this.access.record(p, [{ citizenId: row.guardian_id, what: 'family', objectId: id }], 'dependent confirmed', m);
      return this.one(m, id);
    });
  }

  /**
   * A dependent come of age: an account of their own from the record (names, birth date, the
   * parent's residence), unclaimed until they claim it with the SMS code sent to their phone
   * (POST /citizens/claim); the requests filed for them are theirs from now on.
   */
  async account(id: string, d: DependentAccountInput, p: Principal): Promise<DependentDto> {
    return this.db.transaction(async (m) => {
      const [row] = await m.query(
        `SELECT d.*, to_char(d.birth_date, 'YYYY-MM-DD') AS birth, d.birth_date <= ${TODAY_SQL} - make_interval(years => ${MAJORITY_YEARS}) AS adult,
                g.annex_id, g.neighbourhood_id, g.address_line, g.preferred_language
           FROM dependent d JOIN citizen g ON g.id = d.guardian_id WHERE d.id = $1 AND d.guardian_id = $2 FOR UPDATE OF d`,
        [id, p.id],
      );
      if (!row) throw new NotFound('Dependent');
      if (row.status === 'claimed')
        throw new Conflict('dependent-has-account', 'Already has an account', 'This dependent already has an account of their own');
      if (row.status !== 'confirmed')
        throw new Conflict('dependent-not-confirmed', 'Not confirmed yet', 'The dependent must first be confirmed at a counter');
      if (!row.adult) throw new Conflict('dependent-minor', 'Not of age yet', `An account of their own comes at ${MAJORITY_YEARS}`);
      const c = await this.citizens.insert(
        m,
        row.annex_id,
        {
          cin: d.cin,
          firstName: row.first_name,
          lastName: row.last_name,
          firstNameAr: row.first_name_ar,
          lastNameAr: row.last_name_ar,
          birthDate: row.birth,
          sex: d.sex,
          phone: d.phone,
          neighbourhoodId: row.neighbourhood_id,
          addressLine: row.address_line ?? undefined,
          preferredLanguage: row.preferred_language,
          preferredChannel: 'sms',
        },
        { status: 'unclaimed' },
        { id: p.id, role: 'citizen' },
      );
      await m.query(`UPDATE dependent SET status = 'claimed', claimed_citizen_id = $2 WHERE id = $1`, [id, c.id]);
      await transferDependentRequests(m, id, c.id);
      return this.one(m, id);
    });
  }

  private async one(m: EntityManager, id: string): Promise<DependentDto> {
    const [row] = await m.query(`SELECT ${COLUMNS} ${FROM} WHERE d.id = $1`, [id]);
    return toDto(row);
  }
}
