import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Conflict, decodeCursor, FieldError, InvalidInput, JsonSnapshot, jsonSnapshot, NotFound, Page, Principal, toPage } from '@app/core';
import { CreateProcedureDto, ProcedureVersionInputDto } from './dto/procedure-input.dto';
import { ProcedureQueryDto } from './dto/procedure-query.dto';
import { ProcedureDto, toProcedureDto } from './dto/procedure.dto';
import { synonymsOf } from './synonyms';
import { ProceduresRepository } from './procedures.repository';
import { ProcedureDefinition } from './procedure.types';

/** Rules a version must satisfy beyond the shape of each field. */
function checkConsistency(dto: ProcedureVersionInputDto): void {
  const errors: FieldError[] = [];
  if (dto.external && !dto.externalAgency)
    errors.push({ field: 'externalAgency', reason: 'required', message: 'an external procedure names its agency' });
  if (dto.issuesCertificate && !dto.certificateTemplate) {
    errors.push({ field: 'certificateTemplate', reason: 'required', message: 'a procedure issuing a certificate needs its template' });
  }
  const keys = new Set<string>();
  dto.fields.forEach((f, i) => {
    if (keys.has(f.key)) errors.push({ field: `fields.${i}.key`, reason: 'unique', message: `field key ${f.key} is repeated` });
    keys.add(f.key);
    if (f.type === 'choice' && !f.options?.length)
      errors.push({ field: `fields.${i}.options`, reason: 'required', message: 'a choice field lists its options' });
    if (f.type !== 'choice' && f.options?.length)
      errors.push({ field: `fields.${i}.options`, reason: 'notAllowed', message: 'only choice fields have options' });
  });
  const docs = new Set<string>();
  dto.documents.forEach((d, i) => {
    if (docs.has(d.code)) errors.push({ field: `documents.${i}.code`, reason: 'unique', message: `document ${d.code} is repeated` });
    docs.add(d.code);
    if (d.providedBy === 'administration' && !d.source) {
      errors.push({
        field: `documents.${i}.source`,
        reason: 'required',
        message: 'a document the administration obtains names its source',
      });
    }
  });
  const grounds = new Set<string>();
  dto.legalFrame?.refusalGrounds.forEach((g, i) => {
    if (grounds.has(g.code))
      errors.push({ field: `legalFrame.refusalGrounds.${i}.code`, reason: 'unique', message: `ground ${g.code} is repeated` });
    grounds.add(g.code);
  });
  if (errors.length) throw new InvalidInput(errors);
}

/** Splits a search into words (letters and digits of any script), each with its synonyms. */
function searchWords(q: string | undefined): string[][] {
  return ((q ?? '').match(/[\p{L}\p{N}]+/gu)?.slice(0, 8) ?? []).map((w) => [w, ...synonymsOf(w)]);
}

/** The public guide changes a few times a year and is read at every kiosk: keep pages briefly. */
const LIST_CACHE_MS = 30_000;
/** After an edit, how long this instance's lists read the primary rather than a replica that may lag. */
const EDIT_ON_PRIMARY_MS = 60_000;

@Injectable()
export class ProceduresService {
  private readonly pages = new Map<string, { at: number; page: Promise<JsonSnapshot<Page<ProcedureDto>>> }>();
  /** When this instance last saved an edit: its lists then read the primary for a while (the replica may not have it yet). */
  private editedAt = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: ProceduresRepository,
  ) {}

  /** Cached for LIST_CACHE_MS per query (an admin edit clears this instance's cache at once). */
  async list(query: ProcedureQueryDto): Promise<Page<ProcedureDto>> {
    return (await this.listSnapshot(query)).value;
  }

  /** The same page, serialised once for every reader of this instance. */
  listSnapshot(query: ProcedureQueryDto): Promise<JsonSnapshot<Page<ProcedureDto>>> {
    const key = JSON.stringify([query.q, query.category, query.lang, query.limit, query.cursor, query.annex]);
    const hit = this.pages.get(key);
    if (hit && Date.now() - hit.at < LIST_CACHE_MS) return hit.page;
    if (this.pages.size > 500) this.pages.clear();
    const page = this.search(query).then(jsonSnapshot);
    this.pages.set(key, { at: Date.now(), page });
    page.catch(() => this.pages.delete(key));
    return page;
  }

  private async search(query: ProcedureQueryDto): Promise<Page<ProcedureDto>> {
    const limit = query.limit ?? 20;
    const after = decodeCursor(query.cursor, 1);
    const search = {
      words: searchWords(query.q),
      category: query.category,
      lang: query.lang,
      annex: query.annex,
      afterCode: after ? String(after[0]) : null,
      limit,
    };
    const primary = Date.now() - this.editedAt < EDIT_ON_PRIMARY_MS;
    let rows = await this.repo.search(search, primary);
    // Nothing with the words as typed: a misspelling, then (résidance → résidence).
    if (!rows.length && search.words.length && !query.lang) rows = await this.repo.search({ ...search, fuzzy: true }, primary);
    return toPage(rows, limit, (r) => [r.code], toProcedureDto);
  }

  /** For a search that found nothing: the nearest procedures (the page also offers the categories). */
  async nearest(q: string): Promise<ProcedureDto[]> {
    return (await this.repo.nearest(q.slice(0, 200))).map(toProcedureDto);
  }

  async get(code: string): Promise<ProcedureDto> {
    return toProcedureDto(await this.definition(code));
  }

  /** The current version of a guide entry (for the other domains). */
  async definition(code: string): Promise<ProcedureDefinition> {
    const p = await this.repo.current(code.toUpperCase());
    if (!p) throw new NotFound('Procedure', `No procedure ${code} in the guide`);
    return p;
  }

  /** An administration-obtained document names an agency the platform knows (its partners answer it). */
  private async checkAgencies(dto: ProcedureVersionInputDto): Promise<void> {
    const codes = dto.documents.map((d) => d.source?.agencyCode).filter((c): c is string => !!c);
    if (!codes.length) return;
    const known = new Set(
      (await this.db.query(`SELECT code FROM agency WHERE code = ANY($1)`, [codes])).map((r: { code: string }) => r.code),
    );
    const errors: FieldError[] = [];
    dto.documents.forEach((d, i) => {
      if (d.source?.agencyCode && !known.has(d.source.agencyCode)) {
        errors.push({ field: `documents.${i}.source.agencyCode`, reason: 'unknown', message: `no agency ${d.source.agencyCode}` });
      }
    });
    if (errors.length) throw new InvalidInput(errors);
  }

  async create(dto: CreateProcedureDto, admin: Principal): Promise<ProcedureDto> {
    checkConsistency(dto);
    await this.checkAgencies(dto);
    await this.db.transaction(async (m) => {
      if (!(await this.repo.createEntry(m, dto.code, dto.category))) {
        throw new Conflict(
          'procedure-exists',
          'Procedure already exists',
          `${dto.code} is already in the guide; PUT a new version instead`,
        );
      }
      const { code: _code, ...version } = dto;
      await this.repo.addVersion(m, dto.code, version, admin.id);
    });
    this.pages.clear();
    this.editedAt = Date.now();
    return this.get(dto.code);
  }

  async update(rawCode: string, dto: ProcedureVersionInputDto, admin: Principal): Promise<ProcedureDto> {
    checkConsistency(dto);
    await this.checkAgencies(dto);
    const code = rawCode.toUpperCase();
    await this.db.transaction(async (m) => {
      if (!(await this.repo.lockEntry(m, code))) throw new NotFound('Procedure', `No procedure ${code} in the guide`);
      await this.repo.addVersion(m, code, dto, admin.id);
    });
    this.pages.clear();
    this.editedAt = Date.now();
    return this.get(code);
  }
}
