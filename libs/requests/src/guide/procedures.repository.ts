import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Channel, preparedQuery, ReadReplica } from '@app/core';
import { ProcedureVersionInputDto } from './dto/procedure-input.dto';
import { LocalizedText, ProcedureDefinition } from './procedure.types';

interface VersionRow {
  id: string;
  procedure_code: string;
  version: number;
  category: string;
  name: LocalizedText;
  description: LocalizedText;
  documents: ProcedureDefinition['documents'];
  fee_mad: string;
  legal_basis: LocalizedText | null;
  sla_hours: number;
  channels: Channel[];
  in_person: boolean;
  external: boolean;
  external_agency: LocalizedText | null;
  fields: ProcedureDefinition['fields'];
  issues_certificate: boolean;
  certificate_template: { ar: string; fr: string } | null;
  legal_frame: ProcedureDefinition['legalFrame'];
  abolished: ProcedureDefinition['abolished'];
  created_at: Date;
}

/** Far more than an annex's guide will ever hold; past it the cache starts again. */
const MAX_CACHED_VERSIONS = 10_000;

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const child of Object.values(v)) deepFreeze(child);
  }
  return v;
}

const COLUMNS = `v.id, v.procedure_code, v.version, v.category, v.name, v.description, v.documents, v.fee_mad, v.legal_basis,
  v.sla_hours, v.channels, v.in_person, v.external, v.external_agency, v.fields, v.issues_certificate, v.certificate_template, v.legal_frame, v.abolished, v.created_at`;

function toDefinition(r: VersionRow): ProcedureDefinition {
  return {
    code: r.procedure_code,
    versionId: r.id,
    version: r.version,
    category: r.category,
    name: r.name,
    description: r.description,
    documents: r.documents,
    feeMad: Number(r.fee_mad),
    legalBasis: r.legal_basis,
    slaHours: r.sla_hours,
    channels: r.channels,
    inPerson: r.in_person,
    external: r.external,
    externalAgency: r.external_agency,
    fields: r.fields,
    issuesCertificate: r.issues_certificate,
    certificateTemplate: r.certificate_template,
    legalFrame: r.legal_frame,
    abolished: r.abolished,
    createdAt: r.created_at,
  };
}

/** How close a misspelt word must be to a word of the guide (pg_trgm word_similarity, 0..1). */
const SIMILAR = 0.5;

export interface GuideSearch {
  /** Search words, already split, each with its synonyms; each matches as a prefix, accents ignored, or nearly. */
  words: string[][];
  category?: string;
  lang?: 'ar' | 'fr' | 'en';
  afterCode: string | null;
  limit: number;
  /** Also by trigram similarity: the second try, when the exact words found nothing. */
  fuzzy?: boolean;
  /** An annex code: the procedures it disabled are left out. */
  annex?: string;
}

@Injectable()
export class ProceduresRepository {
  private readonly versions = new Map<string, ProcedureDefinition>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    // The guide's lists and the nearest procedures read the replica when there is one; one
    // procedure by code stays on the primary (an admin reads back what they just edited).
    private readonly reads: ReadReplica,
  ) {}

  /** `primary`: read the primary even when a replica is configured (right after an edit). */
  async search(s: GuideSearch, primary = false): Promise<ProcedureDefinition[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    // Every word must match; a word matches through any of its alternatives (itself and its
    // synonyms): as a prefix in the full-text index, or in the normalised text (accents, Arabic
    // forms and the article folded), or, when fuzzy, by trigram similarity (résidance, residense).
    for (const alternatives of s.words) {
      const any = alternatives.map((w) => {
        params.push(w);
        const k = `$${params.length}`;
        const query = `to_tsquery('simple', quote_literal(lower(guide_unaccent(${k}))) || ':*')`;
        const langs = s.lang ? [s.lang] : ['ar', 'fr', 'en'];
        const fts = langs.map((l) => `v.search_${l} @@ ${query}`).join(' OR ');
        // The normalised text holds every language: only when the search is not limited to one.
        if (s.lang) return `(${fts})`;
        return `(${fts} OR strpos(v.search_text, guide_normalize(${k})) > 0${s.fuzzy ? ` OR word_similarity(guide_normalize(${k}), v.search_text) >= ${SIMILAR}` : ''})`;
      });
      where.push(`(${any.join(' OR ')})`);
    }
    if (s.category) {
      params.push(s.category);
      where.push(`v.category = $${params.length}`);
    }
    if (s.annex) {
      params.push(s.annex);
      where.push(`NOT EXISTS (SELECT 1 FROM annex a WHERE a.code = $${params.length} AND p.code = ANY(a.disabled_procedures))`);
    }
    if (s.afterCode) {
      params.push(s.afterCode);
      where.push(`p.code > $${params.length}`);
    }
    params.push(s.limit + 1);
    const sql = `SELECT ${COLUMNS} FROM procedure p JOIN procedure_version v ON v.id = p.current_version_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY p.code LIMIT $${params.length}`;
    // The browsing list (no search words: a few shapes) is prepared; a search's text has as many
    // shapes as words and synonyms, so it stays an unnamed statement.
    const prepared = s.words.length === 0;
    const rows: VersionRow[] = primary
      ? await (prepared ? preparedQuery(this.db, sql, params) : this.db.query(sql, params))
      : await this.reads.query(sql, params, { prepared });
    return rows.map(toDefinition);
  }

  /** The procedures nearest to a search that found nothing, best first. */
  async nearest(text: string, limit = 3): Promise<ProcedureDefinition[]> {
    const rows: VersionRow[] = await this.reads.query(
      `SELECT ${COLUMNS} FROM procedure p JOIN procedure_version v ON v.id = p.current_version_id
        WHERE word_similarity(guide_normalize($1), v.search_text) > 0.2
        ORDER BY word_similarity(guide_normalize($1), v.search_text) DESC, p.code LIMIT $2`,
      [text, limit],
    );
    return rows.map(toDefinition);
  }

  async current(code: string, manager?: EntityManager): Promise<ProcedureDefinition | null> {
    const sql = `SELECT ${COLUMNS} FROM procedure p JOIN procedure_version v ON v.id = p.current_version_id WHERE p.code = $1`;
    // Outside a transaction (the guide's detail page) a prepared statement; inside, the transaction's own connection.
    const [row] = manager ? await manager.query(sql, [code]) : await preparedQuery(this.db, sql, [code]);
    return row ? toDefinition(row) : null;
  }

  /**
   * A version never changes once written (an edit of the guide writes a new one), so each is read
   * once per process and shared, frozen: every state change reads its request's version, and
   * this was one of its statements.
   */
  async version(versionId: string, manager: EntityManager = this.db.manager): Promise<ProcedureDefinition | null> {
    const known = this.versions.get(versionId);
    if (known) return known;
    const [row] = await manager.query(`SELECT ${COLUMNS} FROM procedure_version v WHERE v.id = $1`, [versionId]);
    if (!row) return null;
    const definition = deepFreeze(toDefinition(row));
    if (this.versions.size >= MAX_CACHED_VERSIONS) this.versions.clear();
    this.versions.set(versionId, definition);
    return definition;
  }

  /** Inserts the procedure row if missing; false when the code already exists. */
  async createEntry(manager: EntityManager, code: string, category: string): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO procedure (code, category) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [code, category],
    );
    return rows.length === 1;
  }

  /** Locks the entry so two concurrent edits get consecutive version numbers; null if unknown. */
  async lockEntry(manager: EntityManager, code: string): Promise<boolean> {
    const rows = await manager.query(`SELECT code FROM procedure WHERE code = $1 FOR UPDATE`, [code]);
    return rows.length === 1;
  }

  async addVersion(manager: EntityManager, code: string, dto: ProcedureVersionInputDto, createdBy: string): Promise<string> {
    const [v] = await manager.query(
      `INSERT INTO procedure_version (procedure_code, version, category, name, description, documents, fee_mad, legal_basis, sla_hours,
                                      channels, in_person, external, external_agency, fields, issues_certificate, certificate_template, created_by,
                                      legal_frame, abolished, agency_code)
       SELECT $1::varchar, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
              -- a new version of an external procedure keeps the agency its dossiers go to
              CASE WHEN $11::boolean THEN (SELECT p.agency_code FROM procedure_version p WHERE p.procedure_code = $1::varchar ORDER BY p.version DESC LIMIT 1) END
         FROM procedure_version WHERE procedure_code = $1::varchar
       RETURNING id`,
      [
        code,
        dto.category,
        dto.name,
        dto.description,
        JSON.stringify(dto.documents),
        dto.feeMad,
        dto.legalBasis ?? null,
        dto.slaHours,
        dto.channels,
        dto.inPerson,
        dto.external,
        dto.externalAgency ?? null,
        JSON.stringify(dto.fields),
        dto.issuesCertificate,
        dto.certificateTemplate ?? null,
        createdBy,
        dto.legalFrame ? JSON.stringify(dto.legalFrame) : null,
        dto.abolished ? JSON.stringify(dto.abolished) : null,
      ],
    );
    await manager.query(`UPDATE procedure SET current_version_id = $1, category = $2, updated_at = now() WHERE code = $3`, [
      v.id,
      dto.category,
      code,
    ]);
    return v.id;
  }
}
