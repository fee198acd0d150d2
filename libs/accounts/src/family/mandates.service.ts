import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessLog, Conflict, InvalidInput, maskCin, NotFound, Principal } from '@app/core';
import { OneTimeCodes } from '../register/one-time-codes';
import { MandateDto, MandateGrantInput, MandateStartedDto, PaperMandateInput } from './dto/family.dto';
import { citizenInAnnex, joined, MAJORITY_YEARS, MANDATE_MAX_YEARS, TODAY_SQL } from './family-rules';

const COLUMNS = `md.id, md.procedures, to_char(md.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(md.valid_until, 'YYYY-MM-DD') AS valid_until,
  CASE WHEN md.status = 'active' AND md.valid_until < ${TODAY_SQL} THEN 'expired' ELSE md.status END AS status, md.basis, md.paper_ref,
  md.confirmed_at, md.revoked_at, md.mandator_id, md.proxy_id,
  a.first_name AS a_first, a.last_name AS a_last, a.first_name_ar AS a_first_ar, a.last_name_ar AS a_last_ar, a.cin AS a_cin,
  b.first_name AS b_first, b.last_name AS b_last, b.first_name_ar AS b_first_ar, b.last_name_ar AS b_last_ar, b.cin AS b_cin`;
const FROM = `FROM mandate md JOIN citizen a ON a.id = md.mandator_id JOIN citizen b ON b.id = md.proxy_id`;

const toDto = (r: Record<string, any>): MandateDto => ({
  id: r.id,
  mandator: { id: r.mandator_id, name: joined(r.a_first, r.a_last), nameAr: joined(r.a_first_ar, r.a_last_ar), cin: maskCin(r.a_cin) },
  proxy: { id: r.proxy_id, name: joined(r.b_first, r.b_last), nameAr: joined(r.b_first_ar, r.b_last_ar), cin: maskCin(r.b_cin) },
  procedures: r.procedures,
  validFrom: r.valid_from,
  validUntil: r.valid_until,
  status: r.status,
  basis: r.basis,
  paperRef: r.paper_ref,
  confirmedAt: r.confirmed_at ? new Date(r.confirmed_at).toISOString() : null,
  revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
});

/**
 * Mandates between adult accounts: the mandator lets another adult file and follow requests for
 * them, for some procedures and a period. Confirmed by the mandator's one-time code, or recorded
 * by an agent from a legalised paper; either side may revoke it; past its last day it no longer
 * lets the proxy file or follow.
 */
@Injectable()
export class MandatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly codes: OneTimeCodes,
    private readonly access: AccessLog,
  ) {}

  async mine(p: Principal): Promise<MandateDto[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} ${FROM} WHERE md.mandator_id = $1 OR md.proxy_id = $1 ORDER BY md.created_at DESC, md.id`,
      [p.id],
    );
    return rows.map(toDto);
  }

  /** The mandator (signed in) names the proxy; the code goes to the mandator's phone on file. */
  async grant(d: MandateGrantInput, p: Principal): Promise<MandateStartedDto> {
    return this.db.transaction(async (m) => {
      const [me] = await m.query(`SELECT id, cin, phone, preferred_language FROM citizen WHERE id = $1`, [p.id]);
      const proxy = await this.proxyFor(m, d.proxyCin, p.id);
      await this.codes.admit(m, { purpose: 'mandate', phone: me.phone, cin: me.cin });
      const id = await this.insert(m, { ...d, mandatorId: p.id, proxyId: proxy.id, basis: 'code', status: 'pending' });
      const code = await this.codes.issue(m, { purpose: 'mandate', subjectId: id, phone: me.phone, language: me.preferred_language });
      await m.query(`UPDATE mandate SET code_id = $2 WHERE id = $1`, [id, code.id]);
      return { mandate: await this.one(m, id), codeExpiresAt: code.expiresAt.toISOString() };
    });
  }

  async confirm(id: string, code: string, p: Principal): Promise<MandateDto> {
    return this.db.transaction(async (m) => {
      const [row] = await m.query(`SELECT status, code_id FROM mandate WHERE id = $1 AND mandator_id = $2 FOR UPDATE`, [id, p.id]);
      if (!row) throw new NotFound('Mandate');
      if (row.status !== 'pending') throw new Conflict('mandate-not-pending', 'Not awaiting confirmation', `This mandate is ${row.status}`);
      await this.codes.spend(m, row.code_id, 'mandate', code);
      await m.query(`UPDATE mandate SET status = 'active', confirmed_at = now() WHERE id = $1`, [id]);
      return this.one(m, id);
    });
  }

  /** An agent records a legalised paper mandate after seeing both identity cards: active at once. */
  async paper(d: PaperMandateInput, p: Principal): Promise<MandateDto> {
    return this.db.transaction(async (m) => {
      await citizenInAnnex(m, d.mandatorId, p);
      await this.adult(m, d.mandatorId, 'mandatorId');
      const proxy = await this.proxyFor(m, d.proxyCin, d.mandatorId);
      const id = await this.insert(m, {
        ...d,
        proxyId: proxy.id,
        basis: 'paper',
        status: 'active',
        paperRef: d.paperRef,
        recordedBy: p.id,
      });
      await this.access.record(
        p,
        [
          { citizenId: d.mandatorId, what: 'family', objectId: id },
          { citizenId: proxy.id, what: 'family', objectId: id },
        ],
        'paper mandate',
        m,
      );
      return this.one(m, id);
    });
  }

  /** Either side revokes (or staff of the annex, recording a revocation brought on paper). */
  async revoke(id: string, p: Principal): Promise<MandateDto> {
    return this.db.transaction(async (m) => {
      const [row] = await m.query(`SELECT md.status, md.mandator_id, md.proxy_id FROM mandate md WHERE md.id = $1 FOR UPDATE`, [id]);
      const mine = row && (p.role === 'citizen' ? [row.mandator_id, row.proxy_id].includes(p.id) : true);
      if (!row || !mine) throw new NotFound('Mandate');
      if (p.role !== 'citizen') await citizenInAnnex(m, row.mandator_id, p, 'Mandate');
      if (row.status === 'revoked') throw new Conflict('mandate-revoked', 'Already revoked', 'This mandate was already revoked');
      await m.query(`UPDATE mandate SET status = 'revoked', revoked_at = now(), revoked_by = $2 WHERE id = $1`, [id, p.id]);
      await this.access.record(p, [{ citizenId: row.mandator_id, what: 'family', objectId: id }], 'mandate revoked', m);
      return this.one(m, id);
    });
  }

  /** A citizen's mandates (given and held) as the counter sees them: recorded. */
  async of(citizenId: string, p: Principal, reason?: string): Promise<MandateDto[]> {
    await citizenInAnnex(this.db.manager, citizenId, p);
    const rows = await this.db.query(
      `SELECT ${COLUMNS} ${FROM} WHERE md.mandator_id = $1 OR md.proxy_id = $1 ORDER BY md.created_at DESC, md.id`,
      [citizenId],
    );
    await this.access.record(p, [{ citizenId, what: 'family', objectId: null }], reason ?? 'mandates');
    return rows.map(toDto);
  }

  private async proxyFor(m: EntityManager, cin: string, mandatorId: string): Promise<{ id: string }> {
    const [proxy] = await m.query(`SELECT id FROM citizen WHERE cin = $1 AND status IN ('active', 'unclaimed')`, [cin]);
    if (!proxy) throw new InvalidInput([{ field: 'proxyCin', reason: 'unknown', message: 'no citizen account has this CIN' }]);
    if (proxy.id === mandatorId) throw new InvalidInput([{ field: 'proxyCin', reason: 'self', message: 'a mandate names another person' }]);
    await this.adult(m, proxy.id, 'proxyCin');
    return proxy;
  }

  private async adult(m: EntityManager, id: string, field: string): Promise<void> {
    const [c] = await m.query(
      `SELECT birth_date <= ${TODAY_SQL} - make_interval(years => ${MAJORITY_YEARS}) AS adult FROM citizen WHERE id = $1`,
      [id],
    );
    if (!c?.adult)
      throw new InvalidInput([{ field, reason: 'notAdult', message: `both sides of a mandate are adults (${MAJORITY_YEARS} or over)` }]);
  }

  private async insert(
    m: EntityManager,
    d: {
      mandatorId: string;
      proxyId: string;
      procedures: string[];
      validFrom?: string;
      validUntil: string;
      basis: 'code' | 'paper';
      status: string;
      paperRef?: string;
      recordedBy?: string;
    },
  ): Promise<string> {
    const procedures = [...new Set(d.procedures)];
    const known: { code: string }[] = await m.query(`SELECT code FROM procedure WHERE code = ANY($1::text[])`, [procedures]);
    const unknown = procedures.filter((c) => !known.some((k) => k.code === c));
    if (unknown.length)
      throw new InvalidInput([{ field: 'procedures', reason: 'unknown', message: `no procedure ${unknown.join(', ')} in the guide` }]);
    const [period] = await m.query(
      `SELECT to_char(COALESCE($1::date, ${TODAY_SQL}), 'YYYY-MM-DD') AS start, $2::date < COALESCE($1::date, ${TODAY_SQL}) AS backwards,
              COALESCE($1::date, ${TODAY_SQL}) < ${TODAY_SQL} AS past, $2::date > ${TODAY_SQL} + make_interval(years => ${MANDATE_MAX_YEARS}) AS too_long`,
      [d.validFrom ?? null, d.validUntil],
    );
    if (period.past) throw new InvalidInput([{ field: 'validFrom', reason: 'past', message: 'a mandate starts today or later' }]);
    if (period.backwards)
      throw new InvalidInput([{ field: 'validUntil', reason: 'beforeStart', message: 'validUntil is on or after validFrom' }]);
    if (period.too_long)
      throw new InvalidInput([{ field: 'validUntil', reason: 'tooLong', message: `a mandate lasts at most ${MANDATE_MAX_YEARS} years` }]);
    const [row] = await m.query(
      `INSERT INTO mandate (mandator_id, proxy_id, procedures, valid_from, valid_until, status, basis, paper_ref, recorded_by, confirmed_at)
       VALUES ($1, $2, $3, $4, $5, $6::varchar, $7, $8, $9, CASE WHEN $6::varchar = 'active' THEN now() END) RETURNING id`,
      [d.mandatorId, d.proxyId, procedures, period.start, d.validUntil, d.status, d.basis, d.paperRef ?? null, d.recordedBy ?? null],
    );
    return row.id;
  }

  private async one(m: EntityManager, id: string): Promise<MandateDto> {
    const [row] = await m.query(`SELECT ${COLUMNS} ${FROM} WHERE md.id = $1`, [id]);
    return toDto(row);
  }
}
