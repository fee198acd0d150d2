import { randomUUID } from 'node:crypto';
import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessLog,
  AppConfig,
  Conflict,
  decodeCursor,
  FileStorage,
  Forbidden,
  InvalidInput,
  MultipartSource,
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
import { attachmentRule } from './attachment-rule';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentDto, toAttachmentDto } from './dto/attachment.dto';

const DOCUMENT_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

@Injectable()
export class AttachmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly requests: RequestsRepository,
    private readonly transitions: RequestTransitions,
    private readonly lifecycle: RequestLifecycle,
    private readonly attachments: AttachmentsRepository,
    private readonly storage: FileStorage,
    private readonly access: AccessLog,
    private readonly config: AppConfig,
  ) {}

  /**
   * Stores a document for a request. The citizen attaching a document to a request waiting for
   * information answers it: the request goes back into review in the same transaction.
   */
  async upload(requestId: string, source: MultipartSource, p: Principal): Promise<AttachmentDto> {
    const before = this.owned(p, await this.requests.findById(requestId));
    if (FINAL_STATES.includes(before.state))
      throw new Conflict('request-closed', 'Request closed', `The request is ${before.state}`, { currentState: before.state });
    const file = await this.storage.receive(source, attachmentRule(this.config.UPLOAD_MAX_BYTES));
    const documentCode = file.fields.documentCode?.trim() || null;
    if (documentCode !== null && !DOCUMENT_CODE.test(documentCode)) {
      await file.discard();
      throw new InvalidInput([
        { field: 'documentCode', reason: 'format', message: 'documentCode must be a document code of the procedure' },
      ]);
    }

    const id = randomUUID();
    const key = `${requestId}/${id}`;
    await file.keep(key);
    try {
      const row = await this.db.transaction(async (m) => {
        const r = this.owned(p, await this.requests.findById(requestId, m, true));
        if (FINAL_STATES.includes(r.state))
          throw new Conflict('request-closed', 'Request closed', `The request is ${r.state}`, { currentState: r.state });
        const inserted = await this.attachments.insert(m, {
          id,
          requestId,
          uploadedBy: p.id,
          uploadedByKind: p.kind,
          documentCode,
          fileName: file.fileName,
          contentType: file.contentType,
          sizeBytes: file.sizeBytes,
          sha256: file.sha256,
          storageKey: key,
        });
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
    const rows = await this.attachments.page(requestId, after, limit + 1);
    return toPage(rows, limit, (r: Record<string, any>) => [r.sort_key, r.id], toAttachmentDto);
  }

  async download(requestId: string, attachmentId: string, p: Principal): Promise<StreamableFile> {
    const r = this.owned(p, await this.requests.findById(requestId));
    const row = await this.attachments.find(requestId, attachmentId);
    if (!row) throw new NotFound('Attachment');
    await this.access.record(p, [{ citizenId: r.citizenId, what: 'attachment', objectId: attachmentId, requestId }]);
    const file = await this.storage.open(row.storage_key);
    if (!file) throw new NotFound('Attachment');
    return new StreamableFile(file.stream, {
      type: row.content_type,
      length: file.size,
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
