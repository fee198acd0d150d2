import { createHash } from 'node:crypto';
import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessLog,
  AppConfig,
  CalendarService,
  Conflict,
  DomainError,
  DomainEventPayload,
  eventIdFor,
  maskCin,
  NotFound,
  OUTBOX_JOB_ID_SQL,
  OutboxService,
  Principal,
  readAnnexIdentity,
  ReconcileJob,
} from '@app/core';
import {
  LifecycleActor,
  RequestClockRepository,
  RequestLifecycle,
  RequestsRepository,
  RequestTransitions,
  ServiceRequestRecord,
  TRANSITIONS,
  visibleOr404,
} from '@app/requests';
import { CertificateView, fillTemplate, requesterCapacity } from './certificate-html';
import { CertificateDto, PendingCertificateDto, VerificationDto } from './dto/certificate.dto';
import { certificatePdf } from './pdf/certificate-pdf';
import { CertificateClaims, CertificateSigner } from './signer';

interface RenderPayload {
  certificateId: string;
}
/** One date format on the paper: an ISO date becomes dd/MM/yyyy; anything else is left as written. */
const paperDate = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? DateTime.fromISO(v).toFormat('dd/MM/yyyy') : v);

const SYSTEM: LifecycleActor = { id: null, kind: 'system', role: null, channel: null, counter: null };

class CertificatePending extends DomainError {
  constructor() {
    super(
      HttpStatus.CONFLICT,
      'certificate-pending',
      'Certificate being prepared',
      'The certificate is being generated; try again in a few seconds',
      undefined,
      { retryAfterSeconds: 5 },
    );
  }
}

/**
 * Issues certificates when an agent approves a certificate procedure: the number, signed claims
 * and a render job are written in the approval's transaction; the worker renders the PDF once,
 * stores it with its SHA-256 and moves the request to ready_for_pickup. Downloads serve the
 * stored bytes, so every copy is identical.
 */
@Injectable()
export class CertificatesService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: RequestLifecycle,
    private readonly requests: RequestsRepository,
    private readonly transitions: RequestTransitions,
    private readonly signer: CertificateSigner,
    private readonly outbox: OutboxService,
    private readonly calendars: CalendarService,
    private readonly config: AppConfig,
    private readonly access: AccessLog,
    private readonly clocks: RequestClockRepository,
  ) {}

  onModuleInit(): void {
    this.lifecycle.onTransition('certificate-on-approval', async (m, r, _from, to, actor) => {
      if (!TRANSITIONS.some((t) => t.automaticWithCertificate && t.from.includes(to))) return;
      const [v] = await m.query(`SELECT issues_certificate FROM procedure_version WHERE id = $1`, [r.procedureVersionId]);
      if (v?.issues_certificate) await this.create(m, r, actor.id);
    });
  }

  /** A new certificate for a request (on approval, or a reissue), with its render job. */
  async create(m: EntityManager, r: ServiceRequestRecord, issuedBy: string | null, replaces: string | null = null): Promise<string> {
    const zone = (await this.calendars.forAnnex(r.annexId, m)).timeZone;
    const today = DateTime.now().setZone(zone);
    const [annex] = await m.query(`SELECT code FROM annex WHERE id = $1`, [r.annexId]);
    const [counter] = await m.query(
      `INSERT INTO certificate_counter (annex_id, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (annex_id, year) DO UPDATE SET last_value = certificate_counter.last_value + 1 RETURNING last_value`,
      [r.annexId, today.year],
    );
    const number = `${annex.code}-${today.year}-C-${String(counter.last_value).padStart(6, '0')}`;
    const [citizen] = await m.query(`SELECT cin FROM citizen WHERE id = $1`, [r.citizenId]);
    const claims: CertificateClaims = {
      n: number,
      p: r.procedureCode,
      h: maskCin(citizen.cin),
      d: today.toISODate()!,
      v: today.plus({ days: this.config.CERT_VALIDITY_DAYS }).toISODate()!,
    };
    const [row] = await m.query(
      `INSERT INTO certificate (number, annex_id, request_id, procedure_code, claims, signature, key_id, issued_by, valid_until, replaces)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [number, r.annexId, r.id, r.procedureCode, claims, this.signer.sign(claims), this.signer.kid, issuedBy, claims.v, replaces],
    );
    await this.clocks.setCertificateNumber(m, r.id, number);
    await this.outbox.add(m, {
      topic: 'certificate.render',
      idempotencyKey: `certificate-render:${number}`,
      annexId: r.annexId,
      payload: { certificateId: row.id },
    });
    return number;
  }

  /**
   * Reconciler: certificates still pending after the grace period, as the render jobs the relay
   * added (a job that still exists, even failed for good and waiting for ops, is left alone).
   */
  async pendingRenders(graceSeconds: number, windowHours: number): Promise<ReconcileJob[]> {
    const rows: { job_id: string; payload: RenderPayload }[] = await this.db.query(
      `SELECT ${OUTBOX_JOB_ID_SQL('o')} AS job_id, o.payload FROM certificate c
         JOIN outbox_message o ON o.idempotency_key = 'certificate-render:' || c.number AND o.relayed_at IS NOT NULL
        WHERE c.status = 'pending' AND c.created_at > now() - make_interval(hours => $2) AND c.created_at < now() - make_interval(secs => $1)`,
      [graceSeconds, windowHours],
    );
    return rows.map((r) => ({ name: 'certificate.render', data: r.payload, opts: { jobId: r.job_id } }));
  }

  /** Supervisors: certificates of their annex pending for longer than `minutes` (a render that keeps failing). */
  async pendingTooLong(p: Principal, minutes: number): Promise<PendingCertificateDto[]> {
    const rows = await this.db.query(
      `SELECT c.number, c.request_id, r.tracking_code, c.procedure_code, c.created_at FROM certificate c JOIN service_request r ON r.id = c.request_id
        WHERE c.status = 'pending' AND c.created_at < now() - make_interval(mins => $2) AND ($1::uuid IS NULL OR c.annex_id = $1)
        ORDER BY c.created_at LIMIT 200`,
      [p.annexId, minutes],
    );
    return rows.map((c: Record<string, any>) => ({
      number: c.number,
      requestId: c.request_id,
      trackingCode: c.tracking_code,
      procedureCode: c.procedure_code,
      pendingSince: new Date(c.created_at).toISOString(),
    }));
  }

  /** Worker: renders and stores the PDF once, then the request is ready for pickup. */
  async render(certificateId: string): Promise<boolean> {
    const [c] = await this.db.query(`SELECT * FROM certificate WHERE id = $1`, [certificateId]);
    if (!c || c.status !== 'pending') return false;
    // Drawn directly (HarfBuzz-shaped text on pdf-lib), not through Chromium: see pdf/certificate-pdf.ts.
    const pdf = await certificatePdf(await this.view(c), this.config.FONTS_DIR);
    return this.db.transaction(async (m) => {
      const [[issued]] = await m.query(
        `UPDATE certificate SET pdf = $2, pdf_sha256 = $3, status = 'issued', issued_at = now() WHERE id = $1 AND status = 'pending' RETURNING number, annex_id`,
        [certificateId, pdf, createHash('sha256').update(pdf).digest('hex')],
      );
      if (!issued) return false;
      const r = await this.requests.findById(c.request_id, m, true);
      // The platform's own move once the PDF is stored (the lifecycle's automaticWithCertificate).
      const next = r && TRANSITIONS.find((t) => t.automaticWithCertificate && t.from.includes(r.state));
      if (r && next) await this.transitions.apply(m, r, { to: next.to }, 'system', SYSTEM);
      await this.announce(m, 'certificate.issued', c.number, issued.annex_id, { requestId: c.request_id, procedureCode: c.procedure_code });
      return true;
    });
  }

  async pdf(requestId: string, p: Principal): Promise<{ number: string; pdf: Buffer; sha256: string }> {
    const r = visibleOr404(p, await this.requests.findById(requestId));
    const [c] = await this.db.query(
      `SELECT id, number, status, pdf, pdf_sha256 FROM certificate WHERE request_id = $1 AND status <> 'revoked' ORDER BY created_at DESC LIMIT 1`,
      [requestId],
    );
    if (!c) throw new NotFound('Certificate');
    if (c.status === 'pending') throw new CertificatePending();
    await this.access.record(p, [{ citizenId: r.citizenId, what: 'certificate', objectId: c.id, requestId }]);
    return { number: c.number, pdf: c.pdf, sha256: c.pdf_sha256 };
  }

  async get(number: string, p: Principal): Promise<CertificateDto> {
    const [c] = await this.db.query(
      `SELECT c.*, (SELECT e.at FROM request_event e WHERE e.request_id = c.request_id AND e.to_state = 'delivered' ORDER BY e.id DESC LIMIT 1) AS delivered_at,
              (SELECT e.actor_id FROM request_event e WHERE e.request_id = c.request_id AND e.to_state = 'delivered' ORDER BY e.id DESC LIMIT 1) AS delivered_by,
              (SELECT r.citizen_id FROM service_request r WHERE r.id = c.request_id) AS citizen_id
         FROM certificate c WHERE number = $1 AND ($2::uuid IS NULL OR annex_id = $2)`,
      [number, p.annexId],
    );
    if (!c) throw new NotFound('Certificate');
    // The record names its holder: a staff read of the certificate, its request the purpose.
    await this.access.record(p, [{ citizenId: c.citizen_id, what: 'certificate', objectId: c.id, requestId: c.request_id }]);
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    return {
      number: c.number,
      requestId: c.request_id,
      procedureCode: c.procedure_code,
      status: c.status,
      holder: c.claims.h,
      issuedAt: iso(c.issued_at),
      validUntil: c.claims.v,
      pdfSha256: c.pdf_sha256,
      revokedAt: iso(c.revoked_at),
      revokeReason: c.revoke_reason,
      replaces: c.replaces,
      replacedBy: c.replaced_by,
      deliveredAt: iso(c.delivered_at),
      deliveredBy: c.delivered_by,
    };
  }

  /**
   * Public: what the paper already shows, masked. A signature (`s`) or signed token (`t`) from the
   * QR code that does not match the register makes the answer `not_authentic`, with nothing else.
   */
  async verify(number: string, q: { s?: string; t?: string } = {}): Promise<VerificationDto> {
    const [c] = await this.db.query(
      `SELECT c.status, c.claims, c.signature, c.key_id, c.replaced_by, a.code AS annex_code, a.name_ar, a.name_fr, a.province, a.province_ar
         FROM certificate c JOIN annex a ON a.id = c.annex_id WHERE c.number = $1 AND c.status <> 'pending'`,
      [number],
    );
    const given = q.s !== undefined || q.t !== undefined;
    if (!c) return given ? { number, status: 'not_authentic', signatureValid: false } : { number, status: 'unknown', signatureValid: null };
    const signed = q.t !== undefined ? this.signer.verifyJws(q.t) : null;
    const authentic =
      (q.s === undefined || (q.s === c.signature && this.signer.verify(c.claims, q.s, c.key_id))) &&
      (q.t === undefined || (!!signed && (['n', 'p', 'h', 'd', 'v'] as const).every((k) => signed[k] === c.claims[k])));
    if (!authentic) return { number, status: 'not_authentic', signatureValid: false };
    const today = DateTime.now().setZone('Africa/Casablanca').toISODate()!;
    const status = c.status === 'revoked' ? (c.replaced_by ? 'replaced' : 'revoked') : c.claims.v < today ? 'expired' : 'valid';
    return {
      number,
      status,
      ...(status === 'replaced' ? { replacedBy: c.replaced_by } : {}),
      procedureCode: c.claims.p,
      holder: c.claims.h,
      issueDate: c.claims.d,
      validUntil: c.claims.v,
      issuedBy: { code: c.annex_code, nameAr: c.name_ar, nameFr: c.name_fr, province: c.province, provinceAr: c.province_ar || c.province },
      signatureValid: given ? true : null,
    };
  }

  async revoke(number: string, reason: string, p: Principal): Promise<CertificateDto> {
    await this.db.transaction(async (m) => this.revokeIn(m, number, reason, p));
    return this.get(number, p);
  }

  /** A lost paper: a new number for the same request, the old one revoked; both on the timeline. */
  async reissue(number: string, reason: string, p: Principal): Promise<CertificateDto> {
    const next = await this.db.transaction(async (m) => {
      const old = await this.revokeIn(m, number, reason, p);
      const r = (await this.requests.findById(old.request_id, m, true))!;
      const created = await this.create(m, r, p.id, number);
      await m.query(`UPDATE certificate SET replaced_by = $2 WHERE number = $1`, [number, created]);
      await this.lifecycle.appendEvent(
        m,
        r.id,
        { type: 'certificate.reissued', from: null, to: null, reason: `${number} → ${created}: ${reason}`, public: true },
        this.actor(p),
      );
      return created;
    });
    return this.get(next, p);
  }

  private async revokeIn(m: EntityManager, number: string, reason: string, p: Principal) {
    const [[c]] = await m.query(
      `UPDATE certificate SET status = 'revoked', revoked_at = now(), revoked_by = $3, revoke_reason = $4
        WHERE number = $1 AND ($2::uuid IS NULL OR annex_id = $2) AND status = 'issued' RETURNING request_id, annex_id`,
      [number, p.annexId, p.id, reason],
    );
    if (!c) {
      const [exists] = await m.query(`SELECT status FROM certificate WHERE number = $1`, [number]);
      if (!exists) throw new NotFound('Certificate');
      throw new Conflict('certificate-not-issued', 'Certificate not revocable', `The certificate is ${exists.status}`);
    }
    await this.lifecycle.appendEvent(
      m,
      c.request_id,
      { type: 'certificate.revoked', from: null, to: null, reason: `${number}: ${reason}`, public: true },
      this.actor(p),
    );
    await this.announce(m, 'certificate.revoked', number, c.annex_id, { requestId: c.request_id, reason });
    return c;
  }

  private actor(p: Principal): LifecycleActor {
    return { id: p.id, kind: p.kind, role: p.role, channel: p.channel, counter: p.counter };
  }

  private async announce(m: EntityManager, type: string, number: string, annexId: string, data: Record<string, unknown>): Promise<void> {
    const at = new Date().toISOString();
    // The request's latest timeline event (this transaction's, when it wrote one) orders it.
    const [last] = await m.query(`SELECT max(id) AS id FROM request_event WHERE request_id = $1`, [data.requestId]);
    await this.outbox.add(m, {
      topic: 'event',
      idempotencyKey: `${type}:${number}`,
      annexId,
      payload: {
        type,
        id: eventIdFor(`${type}:${number}`),
        occurredAt: at,
        sequence: last?.id == null ? undefined : Number(last.id),
        annexId,
        data: { certificateNumber: number, ...data },
      } satisfies DomainEventPayload,
    });
  }

  /** What the certificate says, from the request, the citizen and the procedure's template. */
  async view(c: Record<string, any>): Promise<CertificateView> {
    const [d] = await this.db.query(
      // Filed for a minor child: the certificate is the child's (names, birth date, birth record).
      `SELECT r.form, r.tracking_code, COALESCE(dp.first_name, c.first_name) AS first_name, COALESCE(dp.last_name, c.last_name) AS last_name,
              COALESCE(dp.first_name_ar, c.first_name_ar) AS first_name_ar, COALESCE(dp.last_name_ar, c.last_name_ar) AS last_name_ar,
              COALESCE(dp.birth_record_ref, c.cin) AS cin, dp.id IS NOT NULL AS birth_record, to_char(COALESCE(dp.birth_date, c.birth_date), 'DD/MM/YYYY') AS birth_date,
              c.address_line, n.name_fr AS nb_fr, n.name_ar AS nb_ar, v.name, v.certificate_template, r.annex_id, a.name_fr AS annex_fr, a.name_ar AS annex_ar, s.full_name AS agent, s.full_name_ar AS agent_ar,
              CASE WHEN r.proxy_id IS NOT NULL THEN 'mandator' WHEN dp.id IS NOT NULL THEN 'dependent' END AS filed_for,
              rq.first_name || ' ' || rq.last_name AS rq_name, rq.first_name_ar || ' ' || rq.last_name_ar AS rq_name_ar, rq.sex AS rq_sex
         FROM service_request r JOIN citizen c ON c.id = r.citizen_id JOIN procedure_version v ON v.id = r.procedure_version_id
         LEFT JOIN dependent dp ON dp.id = r.dependent_id AND dp.status <> 'claimed'
         LEFT JOIN citizen rq ON rq.id = COALESCE(r.proxy_id, dp.guardian_id)
         JOIN annex a ON a.id = r.annex_id LEFT JOIN neighbourhood n ON n.id = c.neighbourhood_id LEFT JOIN staff s ON s.id = COALESCE($2, r.assignee_id)
        WHERE r.id = $1`,
      [c.request_id, c.issued_by],
    );
    const annex = (await readAnnexIdentity(this.db.manager, d.annex_id))!;
    const issueDate = DateTime.fromISO(c.claims.d).toFormat('dd/MM/yyyy');
    const values: Record<string, string> = {
      fullName: `${d.first_name} ${d.last_name}`,
      fullNameAr: `${d.first_name_ar} ${d.last_name_ar}`,
      cin: d.cin,
      birthDate: d.birth_date,
      address: [d.address_line, d.nb_fr].filter(Boolean).join(', '),
      annexName: d.annex_fr,
      annexNameAr: d.annex_ar,
      issueDate,
      trackingCode: d.tracking_code,
      // Dates answered on the form print like every other date on the paper (not "2015-09-01").
      ...Object.fromEntries(Object.entries(d.form ?? {}).map(([k, v]) => [`form.${k}`, paperDate(String(v))])),
    };
    const template = d.certificate_template ?? { ar: '', fr: '' };
    // The QR opens the verification page and carries the signed claims (in the fragment: never
    // sent to a server), so the page, or anyone with the published key, checks them offline.
    const verifyUrl = `${this.config.PUBLIC_URL}/verify/${c.number}`;
    const qrUrl = `${verifyUrl}#${this.signer.jws(c.claims)}`;
    return {
      annex,
      number: c.number,
      titleAr: d.name.ar,
      titleFr: d.name.fr,
      titleZgh: d.name.zgh || undefined,
      statementAr: fillTemplate(template.ar, values),
      statementFr: fillTemplate(template.fr, values),
      holder: {
        fullName: values.fullName,
        fullNameAr: values.fullNameAr,
        cin: d.cin,
        birthRecord: d.birth_record,
        birthDate: d.birth_date,
        address: values.address || '—',
        // The Arabic column names the neighbourhood in Arabic (the street stays as written).
        addressAr: [d.address_line, d.nb_ar ?? d.nb_fr].filter(Boolean).join('، ') || '—',
      },
      // A minor's or a mandated request names who asked for it and in what capacity.
      ...(d.filed_for ? { requestedBy: { name: d.rq_name, nameAr: d.rq_name_ar, ...requesterCapacity(d.filed_for, d.rq_sex) } } : {}),
      issueDate,
      validUntil: DateTime.fromISO(c.claims.v).toFormat('dd/MM/yyyy'),
      agentName: d.agent ?? '—',
      // The Arabic column names the agent as recorded in Arabic, when known.
      agentNameAr: d.agent_ar ?? d.agent ?? '—',
      qrText: qrUrl,
      verifyUrl,
    };
  }
}
