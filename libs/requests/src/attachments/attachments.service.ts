import { createHash, randomUUID } from 'node:crypto';
import { HttpStatus, Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessLog,
  Conflict,
  decodeCursor,
  DomainError,
  Forbidden,
  InvalidInput,
  NotFound,
  Page,
  PageQuery,
  Principal,
  toPage,
} from '@app/core';
import { isStaff, visibleOr404 } from '../requests/access';
import { actorOf, RequestLifecycle } from '../requests/request-lifecycle';
import { RequestsRepository } from '../requests/requests.repository';
import { citizenDocumentMove, FINAL_STATES } from '../requests/state-machine';
import { RequestTransitions } from '../requests/transitions.service';
import { AttachmentStorage } from './attachment-storage';
import { AttachmentDto, toAttachmentDto } from './dto/attachment.dto';
import { detectType, safeFileName, typeProblem } from './file-type';

/** The part of a Fastify request @fastify/multipart adds (kept narrow so the service stays HTTP-agnostic). */
export interface MultipartSource {
  isMultipart(): boolean;
  file(): Promise<
    | {
        filename: string;
        toBuffer(): Promise<Buffer>;
        fields: Record<string, unknown>;
      }
    | undefined
  >;
}

class NotMultipart extends DomainError {
  constructor() {
    super(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'unsupported-media-type',
      'Unsupported media type',
      'Send the document as multipart/form-data in a field named file',
    );
  }
}

const DOCUMENT_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

@Injectable()
export class AttachmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly requests: RequestsRepository,
    private readonly transitions: RequestTransitions,
    private readonly lifecycle: RequestLifecycle,
    private readonly storage: AttachmentStorage,
    private readonly access: AccessLog,
  ) {}

  /**
   * Stores a document for a request. The citizen attaching a document to a request waiting for
   * information answers it: the request goes back into review in the same transaction.
   */
  async upload(requestId: string, source: MultipartSource, p: Principal): Promise<AttachmentDto> {
    const before = this.owned(p, await this.requests.findById(requestId));
    if (FINAL_STATES.includes(before.state))
      throw new Conflict('request-closed', 'Request closed', `The request is ${before.state}`, { currentState: before.state });
    if (!source.isMultipart()) throw new NotMultipart();
    const part = await source.file();
    if (!part) throw new InvalidInput([{ field: 'file', reason: 'required', message: 'a file is required' }]);
    const data = await part.toBuffer(); // throws 413 past UPLOAD_MAX_BYTES
    if (data.length === 0) throw new InvalidInput([{ field: 'file', reason: 'empty', message: 'the file is empty' }]);
    const type = detectType(data);
    const fileName = safeFileName(part.filename);
    const refused = typeProblem(type, fileName);
    if (refused || !type)
      throw new InvalidInput(
        [{ field: 'file', reason: 'fileType', message: refused ?? 'unknown type' }],
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    const documentCode = fieldValue(part.fields.documentCode);
    if (documentCode !== null && !DOCUMENT_CODE.test(documentCode)) {
      throw new InvalidInput([
        { field: 'documentCode', reason: 'format', message: 'documentCode must be a document code of the procedure' },
      ]);
    }

    const id = randomUUID();
    const key = `${requestId}/${id}`;
    await this.storage.put(key, data);
    try {
      const row = await this.db.transaction(async (m) => {
        const r = this.owned(p, await this.requests.findById(requestId, m, true));
        if (FINAL_STATES.includes(r.state))
          throw new Conflict('request-closed', 'Request closed', `The request is ${r.state}`, { currentState: r.state });
        const [inserted] = await m.query(
          `INSERT INTO request_attachment (id, request_id, uploaded_by, uploaded_by_kind, document_code, file_name, content_type, size_bytes, sha256, storage_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
          [id, requestId, p.id, p.kind, documentCode, fileName, type, data.length, createHash('sha256').update(data).digest('hex'), key],
        );
        await this.lifecycle.appendEvent(
          m,
          requestId,
          { type: 'attachment.added', from: r.state, to: r.state, reason: documentCode, public: true },
          actorOf(p),
        );
        // The lifecycle says which move a citizen's document makes (answering a request for information).
        const answer = p.role === 'citizen' ? citizenDocumentMove(r.state) : null;
        if (answer) await this.transitions.apply(m, r, { to: answer }, p.role, actorOf(p));
        return inserted;
      });
      return toAttachmentDto(row);
    } catch (e) {
      await this.storage.remove(key);
      throw e;
    }
  }

  async list(requestId: string, q: PageQuery, p: Principal): Promise<Page<AttachmentDto>> {
    const r = this.owned(p, await this.requests.findById(requestId));
    // The list names the citizen's documents (file names they chose): a staff read of the request.
    await this.access.record(p, [{ citizenId: r.citizenId, what: 'request', objectId: requestId, requestId }]);
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor, 2);
    const rows = await this.db.query(
      `SELECT *, (extract(epoch FROM created_at) * 1000000)::bigint::text AS sort_key FROM request_attachment
        WHERE request_id = $1 AND ($2::bigint IS NULL OR (created_at, id) > ('epoch'::timestamptz + $2::bigint * interval '1 microsecond', $3::uuid))
        ORDER BY created_at, id LIMIT $4`,
      [requestId, after ? String(after[0]) : null, after ? String(after[1]) : null, limit + 1],
    );
    return toPage(rows, limit, (r: Record<string, any>) => [r.sort_key, r.id], toAttachmentDto);
  }

  async download(requestId: string, attachmentId: string, p: Principal): Promise<StreamableFile> {
    const r = this.owned(p, await this.requests.findById(requestId));
    const [row] = await this.db.query(`SELECT * FROM request_attachment WHERE id = $1 AND request_id = $2 AND purged_at IS NULL`, [
      attachmentId,
      requestId,
    ]);
    if (!row) throw new NotFound('Attachment');
    await this.access.record(p, [{ citizenId: r.citizenId, what: 'attachment', objectId: attachmentId, requestId }]);
    const data = await this.storage.get(row.storage_key);
    return new StreamableFile(data, {
      type: row.content_type,
      length: data.length,
      disposition: `attachment; filename="${row.file_name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(row.file_name)}`,
    });
  }

  /** Documents are for the owner and the annex's staff only. */
  private owned<T extends Parameters<typeof visibleOr404>[1]>(p: Principal, r: T) {
    const visible = visibleOr404(p, r);
    if (p.role !== 'citizen' && !isStaff(p)) throw new Forbidden('Only the applicant and the annex staff handle documents');
    return visible;
  }
}

function fieldValue(field: unknown): string | null {
  const value = (field as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}
