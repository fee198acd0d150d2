import { Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { NotFound, Principal } from '@app/core';

export class ExportQuery {
  @ApiPropertyOptional({ enum: ['json', 'html'], default: 'json' }) @IsOptional() @IsIn(['json', 'html']) format?: 'json' | 'html';
  @ApiPropertyOptional({ enum: ['ar', 'fr', 'en'], default: 'fr', description: 'Language of the HTML page' })
  @IsOptional()
  @IsIn(['ar', 'fr', 'en'])
  lang?: 'ar' | 'fr' | 'en';
}

export type ExportData = Record<string, unknown> & { generatedAt: string };

const TITLES: Record<'ar' | 'fr' | 'en', Record<string, string>> = {
  ar: {
    title: 'معطياتي لدى الملحقة الإدارية',
    profile: 'الملف الشخصي',
    changes: 'تغييرات الملف',
    requests: 'الطلبات',
    events: 'مراحل الطلبات',
    attachments: 'الوثائق',
    certificates: 'الشهادات',
    grievances: 'الشكايات',
    tickets: 'تذاكر الانتظار',
    notifications: 'الرسائل',
    accessLog: 'من اطلع على ملفي',
    dependents: 'أبنائي القاصرون',
    mandatesGiven: 'الوكالات الممنوحة',
    mandatesReceived: 'الوكالات المتوصل بها',
    filedForMe: 'طلبات أودعها غيري باسمي',
  },
  fr: {
    title: "Mes données détenues par l'annexe administrative",
    profile: 'Profil',
    changes: 'Modifications du profil',
    requests: 'Demandes',
    events: 'Étapes des demandes',
    attachments: 'Documents',
    certificates: 'Certificats',
    grievances: 'Réclamations',
    tickets: "Tickets d'attente",
    notifications: 'Messages envoyés',
    accessLog: 'Qui a consulté mon dossier',
    dependents: 'Mes enfants mineurs',
    mandatesGiven: 'Procurations données',
    mandatesReceived: 'Procurations reçues',
    filedForMe: "Demandes déposées pour moi par d'autres",
  },
  en: {
    title: 'My data held by the administrative annex',
    profile: 'Profile',
    changes: 'Profile changes',
    requests: 'Requests',
    events: 'Request steps',
    attachments: 'Documents',
    certificates: 'Certificates',
    grievances: 'Grievances',
    tickets: 'Queue tickets',
    notifications: 'Messages sent',
    accessLog: 'Who read my record',
    dependents: 'My minor children',
    mandatesGiven: 'Mandates given',
    mandatesReceived: 'Mandates received',
    filedForMe: 'Requests filed for me by others',
  },
};

const esc = (v: unknown) =>
  String(v ?? '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Right of access (law 09-08, art. 7): every row the annex holds about the citizen, from every
 * library's tables, read-only. Secrets (password hash, token hashes) are never part of it.
 */
@Injectable()
export class DataExportService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async collect(p: Principal): Promise<ExportData> {
    const id = p.id;
    const q = (sql: string) => this.db.query(sql, [id]);
    const [profile] = await q(
      `SELECT c.cin, c.first_name, c.last_name, c.first_name_ar, c.last_name_ar, to_char(c.birth_date, 'YYYY-MM-DD') AS birth_date, c.sex, c.phone, c.email,
              n.name_fr AS neighbourhood, c.address_line, c.preferred_language, c.preferred_channel, c.status, c.residence_from, c.residence_to, c.created_at
         FROM citizen c LEFT JOIN neighbourhood n ON n.id = c.neighbourhood_id WHERE c.id = $1`,
    );
    if (!profile) throw new NotFound('Account');
    const [changes, requests, events, attachments, certificates, grievances, tickets, notifications, accessLog] = await Promise.all([
      q(`SELECT field, old_value, new_value, actor_role, at FROM citizen_change WHERE citizen_id = $1 ORDER BY id`),
      q(
        `SELECT tracking_code, procedure_code, channel, state, form, submitted_at, decided_at, closed_at, certificate_number FROM service_request WHERE citizen_id = $1 ORDER BY submitted_at`,
      ),
      q(`SELECT r.tracking_code, e.type, e.from_state, e.to_state, e.reason, e.channel, e.at FROM request_event e JOIN service_request r ON r.id = e.request_id
          WHERE r.citizen_id = $1 AND e.public ORDER BY e.id`),
      q(`SELECT r.tracking_code, a.document_code, a.file_name, a.content_type, a.size_bytes, a.sha256, a.created_at, a.purged_at FROM request_attachment a
          JOIN service_request r ON r.id = a.request_id WHERE r.citizen_id = $1 ORDER BY a.created_at`),
      q(
        `SELECT c.number, c.status, c.created_at FROM certificate c JOIN service_request r ON r.id = c.request_id WHERE r.citizen_id = $1 ORDER BY c.created_at`,
      ),
      q(`SELECT g.tracking_code, g.kind, g.subject, g.description, g.state, g.public_consent, g.created_at,
                (SELECT json_agg(json_build_object('body', x.body, 'state', x.state, 'at', x.at) ORDER BY x.id) FROM grievance_response x WHERE x.grievance_id = g.id) AS responses
           FROM grievance g WHERE g.citizen_id = $1 ORDER BY g.created_at`),
      q(`SELECT day, grp, number, state, counter, created_at FROM ticket WHERE citizen_id = $1 ORDER BY created_at`),
      q(
        `SELECT template, channel, destination_masked, status, created_at FROM notification WHERE recipient_kind = 'citizen' AND recipient_id = $1 ORDER BY created_at`,
      ),
      q(`SELECT l.at, l.action AS what, l.role, l.counter, l.reason, r.tracking_code FROM citizen_access_log l LEFT JOIN service_request r ON r.id = l.request_id
          WHERE l.citizen_id = $1 ORDER BY l.id`),
    ]);
    return {
      ...(await this.family(id)),
      generatedAt: new Date().toISOString(),
      profile,
      changes,
      requests,
      events,
      attachments,
      certificates,
      grievances,
      tickets,
      notifications,
      accessLog,
    };
  }

  /** Requests for one's family: the children, mandates both ways (the other side by name), requests others filed for me. */
  private async family(id: string): Promise<Record<string, unknown[]>> {
    const q = (sql: string) => this.db.query(sql, [id]);
    const mandates = (side: 'mandator' | 'proxy', other: 'mandator' | 'proxy') =>
      q(`SELECT o.first_name || ' ' || o.last_name AS ${other}, md.procedures, to_char(md.valid_from, 'YYYY-MM-DD') AS valid_from,
                to_char(md.valid_until, 'YYYY-MM-DD') AS valid_until, md.status, md.basis, md.initiated_by, md.paper_ref, md.created_at,
                md.confirmed_at, md.revoked_at, md.refused_at
           FROM mandate md JOIN citizen o ON o.id = md.${other}_id WHERE md.${side}_id = $1 ORDER BY md.created_at`);
    const [dependents, mandatesGiven, mandatesReceived, filedForMe] = await Promise.all([
      q(`SELECT first_name, last_name, first_name_ar, last_name_ar, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, birth_record_ref, status,
                booklet_ref, confirmed_at, created_at FROM dependent WHERE guardian_id = $1 ORDER BY created_at`),
      mandates('mandator', 'proxy'),
      mandates('proxy', 'mandator'),
      // Under a mandate (the proxy), or by a parent while the holder was their minor child.
      q(`SELECT r.tracking_code, r.procedure_code, r.state, r.submitted_at, f.first_name || ' ' || f.last_name AS filed_by,
                CASE WHEN r.proxy_id IS NOT NULL THEN 'mandate' ELSE 'parent' END AS capacity
           FROM service_request r LEFT JOIN dependent d ON d.id = r.dependent_id JOIN citizen f ON f.id = COALESCE(r.proxy_id, d.guardian_id)
          WHERE r.citizen_id = $1 AND f.id <> $1 ORDER BY r.submitted_at`),
    ]);
    return { dependents, mandatesGiven, mandatesReceived, filedForMe };
  }

  /** The same data as a page a person can read and print (one table per kind). */
  html(data: ExportData, lang: 'ar' | 'fr' | 'en'): string {
    const t = TITLES[lang];
    const cell = (v: unknown) => esc(v instanceof Date ? v.toISOString() : typeof v === 'object' && v !== null ? JSON.stringify(v) : v);
    const table = (rows: Record<string, unknown>[]) => {
      if (rows.length === 0) return '<p>—</p>';
      const cols = Object.keys(rows[0]);
      return `<table><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${rows
        .map((r) => `<tr>${cols.map((c) => `<td>${cell(r[c])}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    };
    const sections = Object.keys(t)
      .filter((k) => k !== 'title')
      .map((k) => {
        const v = data[k];
        const rows = Array.isArray(v) ? (v as Record<string, unknown>[]) : [v as Record<string, unknown>];
        return `<section><h2>${esc(t[k])}</h2>${table(rows)}</section>`;
      })
      .join('');
    return `<!doctype html><html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><title>${esc(t.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;margin-block-end:1rem}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:start;vertical-align:top}</style>
</head><body><h1>${esc(t.title)}</h1><p>${esc(data.generatedAt)}</p>${sections}</body></html>`;
  }
}
