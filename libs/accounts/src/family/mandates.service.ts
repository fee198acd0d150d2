import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessLog, Conflict, maskCin, NotFound, OutboxService, Principal } from '@app/core';
import { OneTimeCodes } from '../register/one-time-codes';
import { MandateAskedDto, MandateAskInput, MandateDto, MandateGrantInput, MandateStartedDto, PaperMandateInput } from './dto/family.dto';
import { mandateAlerts, MandateNews } from './mandate-alerts';
import { eligibleAdult, insertMandate, mandateCaller, proxyByCin, requireAdult } from './mandate-parties';
import { mandateScope } from './mandate-scope';
import { citizenInAnnex, joined, TODAY_SQL } from './family-rules';

const COLUMNS = `md.id, md.procedures, to_char(md.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(md.valid_until, 'YYYY-MM-DD') AS valid_until,
  CASE WHEN md.status = 'active' AND md.valid_until < ${TODAY_SQL} THEN 'expired' ELSE md.status END AS status, md.basis, md.paper_ref,
  md.confirmed_at, md.revoked_at, md.refused_at, md.initiated_by, md.mandator_id, md.proxy_id,
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
  refusedAt: r.refused_at ? new Date(r.refused_at).toISOString() : null,
  initiatedBy: r.initiated_by,
});

/**
 * Who sees a pending mandate: the side that must answer, never the side that named a CIN (that
 * would tell them an account holds it). A grant waits on the mandator's own code (they hold its
 * id from the answer); an ask waits on the mandator, and shows to the proxy once answered.
 */
const SHOWN = `NOT (md.status = 'pending' AND (md.initiated_by = 'mandator' OR md.proxy_id = $1))`;

/** The one answer naming a CIN gets, whether an adult account holds it or not. */
const GIVEN = 'Confirm with the code sent to your phone: if an adult account holds this CIN, the mandate is then given';
const ASKED =
  'If an adult account holds this CIN, they have been asked: the mandate appears in your account once they confirm it with their one-time code or refuse it';

/**
 * Mandates between adult accounts: the mandator lets another adult file and follow requests for
 * them, for some procedures and a period. Confirmed by the mandator's one-time code (given by the
 * mandator, or asked for by the proxy and answered by the mandator), or recorded by an agent from a
 * legalised paper; either side may revoke it; past its last day it no longer lets the proxy file or
 * follow. Naming a CIN never tells whether an account holds it (same answer, same work either way).
 */
@Injectable()
export class MandatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly codes: OneTimeCodes,
    private readonly access: AccessLog,
    private readonly outbox: OutboxService,
  ) {}

  async mine(p: Principal): Promise<MandateDto[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} ${FROM} WHERE (md.mandator_id = $1 OR md.proxy_id = $1) AND ${SHOWN} ORDER BY md.created_at DESC, md.id`,
      [p.id],
    );
    return rows.map(toDto);
  }

  /**
   * The mandator (signed in) names the proxy by CIN; a code goes to the mandator's own phone
   * either way, and the answer is the same whether an adult account holds that CIN or not.
   */
  async grant(d: MandateGrantInput, p: Principal): Promise<MandateStartedDto> {
    return this.db.transaction(async (m) => {
      const me = await mandateCaller(m, p, 'proxyCin', d.proxyCin);
      const scope = await mandateScope(m, d);
      await this.codes.admit(m, { purpose: 'mandate', phone: me.phone, cin: me.cin });
      const proxy = await eligibleAdult(m, d.proxyCin, ['active', 'unclaimed']);
      const id = randomUUID();
      if (proxy) await insertMandate(m, { id, ...scope, mandatorId: p.id, proxyId: proxy.id, basis: 'code', status: 'pending' });
      const code = await this.sendCode(m, id, me, !!proxy);
      return { mandateId: id, codeExpiresAt: code.expiresAt.toISOString(), message: GIVEN };
    });
  }

  /**
   * A proxy asks an adult for a mandate: the mandator is told by SMS and answers in their account
   * (a code to their phone, then confirm; or refuse). The same answer whether the CIN has an account.
   */
  async ask(d: MandateAskInput, p: Principal): Promise<MandateAskedDto> {
    return this.db.transaction(async (m) => {
      const me = await mandateCaller(m, p, 'mandatorCin', d.mandatorCin);
      const scope = await mandateScope(m, d);
      await this.codes.admit(m, { purpose: 'mandate', phone: me.phone, cin: d.mandatorCin });
      // Only an account its holder signs in to can answer.
      const mandator = await eligibleAdult(m, d.mandatorCin, ['active']);
      if (mandator) {
        const id = randomUUID();
        await insertMandate(m, {
          id,
          ...scope,
          mandatorId: mandator.id,
          proxyId: p.id,
          basis: 'code',
          status: 'pending',
          initiatedBy: 'proxy',
        });
        await this.tell(m, id, 'asked');
      }
      return { message: ASKED };
    });
  }

  /** The mandator asks for a (new) code to confirm a pending mandate: one asked of them, or their own grant. */
  async code(id: string, p: Principal): Promise<MandateStartedDto> {
    return this.db.transaction(async (m) => {
      const row = await this.pendingOf(m, id, p);
      const [me] = await m.query(`SELECT id, cin, phone, preferred_language FROM citizen WHERE id = $1`, [p.id]);
      await this.codes.admit(m, { purpose: 'mandate', phone: me.phone, cin: me.cin });
      const code = await this.sendCode(m, row.id, me, true);
      return { mandateId: row.id, codeExpiresAt: code.expiresAt.toISOString(), message: 'Confirm with the code sent to your phone' };
    });
  }

  async confirm(id: string, code: string, p: Principal): Promise<MandateDto> {
    return this.db.transaction(async (m) => {
      const [row] = await m.query(`SELECT status, code_id FROM mandate WHERE id = $1 AND mandator_id = $2 FOR UPDATE`, [id, p.id]);
      if (!row) {
        // A grant naming a CIN no adult account holds: told only once the mandator's own code is right.
        const [none] = await m.query(
          `SELECT id FROM one_time_code WHERE purpose = 'mandate' AND subject_id = $1 AND payload->>'mandatorId' = $2 AND payload->>'none' = 'true'`,
          [id, p.id],
        );
        if (!none) throw new NotFound('Mandate');
        await this.codes.spend(m, none.id, 'mandate', code);
        throw new Conflict('mandate-no-proxy', 'No one to give it to', 'No adult account holds the CIN you named: nothing was given');
      }
      if (row.status !== 'pending') throw new Conflict('mandate-not-pending', 'Not awaiting confirmation', `This mandate is ${row.status}`);
      if (!row.code_id)
        throw new Conflict('mandate-no-code', 'No code asked yet', 'Ask for a code first (POST /me/mandates/{id}/code)', {
          errors: [{ field: 'code', reason: 'noCode', message: 'ask for a code first' }],
        });
      await this.codes.spend(m, row.code_id, 'mandate', code);
      await m.query(`UPDATE mandate SET status = 'active', confirmed_at = now() WHERE id = $1`, [id]);
      await this.tell(m, id, 'granted');
      return this.one(m, id);
    });
  }

  /** The mandator refuses a mandate asked of them: the proxy then sees it refused. */
  async refuse(id: string, p: Principal): Promise<MandateDto> {
    return this.db.transaction(async (m) => {
      await this.pendingOf(m, id, p);
      await m.query(`UPDATE mandate SET status = 'refused', refused_at = now() WHERE id = $1`, [id]);
      return this.one(m, id);
    });
  }

  /** An agent records a legalised paper mandate after seeing both identity cards: active at once. */
  async paper(d: PaperMandateInput, p: Principal): Promise<MandateDto> {
    return this.db.transaction(async (m) => {
      await citizenInAnnex(m, d.mandatorId, p);
      await requireAdult(m, d.mandatorId, 'mandatorId');
      const proxy = await proxyByCin(m, d.proxyCin, d.mandatorId);
      const scope = await mandateScope(m, d);
      const id = randomUUID();
      await insertMandate(m, {
        id,
        ...scope,
        mandatorId: d.mandatorId,
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
      await this.tell(m, id, 'granted');
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
      if (row.status === 'refused')
        throw new Conflict('mandate-refused', 'Refused', 'This mandate was refused: there is nothing to revoke');
      await m.query(`UPDATE mandate SET status = 'revoked', revoked_at = now(), revoked_by = $2 WHERE id = $1`, [id, p.id]);
      await this.access.record(p, [{ citizenId: row.mandator_id, what: 'family', objectId: id }], 'mandate revoked', m);
      if (row.status === 'active') await this.tell(m, id, 'revoked');
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

  /** The code to the mandator's phone; for a grant naming no one, bound to nothing but the caller and the answer's id. */
  private async sendCode(
    m: EntityManager,
    id: string,
    me: { id: string; phone: string | null; preferred_language: 'ar' | 'fr' | 'en' },
    real: boolean,
  ) {
    const code = await this.codes.issue(m, {
      purpose: 'mandate',
      subjectId: id,
      payload: { mandatorId: me.id, ...(real ? {} : { none: true }) },
      phone: me.phone,
      language: me.preferred_language,
    });
    if (real) await m.query(`UPDATE mandate SET code_id = $2 WHERE id = $1`, [id, code.id]);
    return code;
  }

  private async pendingOf(m: EntityManager, id: string, p: Principal): Promise<{ id: string }> {
    const [row] = await m.query(`SELECT id, status FROM mandate WHERE id = $1 AND mandator_id = $2 FOR UPDATE`, [id, p.id]);
    if (!row) throw new NotFound('Mandate');
    if (row.status !== 'pending') throw new Conflict('mandate-not-pending', 'Not awaiting an answer', `This mandate is ${row.status}`);
    return row;
  }

  private async tell(m: EntityManager, id: string, news: MandateNews): Promise<void> {
    await this.outbox.add(m, ...(await mandateAlerts(m, id, news)));
  }

  private async one(m: EntityManager, id: string): Promise<MandateDto> {
    const [row] = await m.query(`SELECT ${COLUMNS} ${FROM} WHERE md.id = $1`, [id]);
    return toDto(row);
  }
}
