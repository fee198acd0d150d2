import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  annexOf,
  AppConfig,
  Conflict,
  decodeCursor,
  FileStorage,
  MultipartSource,
  NotFound,
  Page,
  PageQuery,
  Principal,
  toPage,
  UploadRule,
} from '@app/core';
import { MEDIA_TYPES, mediaUrl, SignageMediaDto, toSignageMediaDto } from './dto/signage-media.dto';
import { SignageMediaRepository } from './signage-media.repository';

/** The minimal reply the file route writes to (headers, status, a stream). */
export interface RawReply {
  status(code: number): RawReply;
  header(name: string, value: string | number): RawReply;
  send(body?: unknown): unknown;
}

const AREA = 'signage-media';
const keyOf = (id: string) => `${AREA}/${id}`;

/** Screen videos and images: streamed to disk while hashed, so a 200 MB video never sits in memory. */
@Injectable()
export class SignageMediaService {
  private readonly rule: UploadRule;

  constructor(
    private readonly media: SignageMediaRepository,
    private readonly storage: FileStorage,
    config: AppConfig,
  ) {
    this.rule = {
      noun: 'file',
      accepts: MEDIA_TYPES,
      maxBytes: config.SIGNAGE_MEDIA_MAX_BYTES,
      refusal: 'screens show PNG, JPEG or WebP images, MP4 or WebM videos and MP3, Ogg or WAV prompts (checked from the content)',
    };
    storage.prepare(AREA);
  }

  async upload(source: MultipartSource, p: Principal): Promise<SignageMediaDto> {
    const annexId = annexOf(p);
    const file = await this.storage.receive(source, this.rule);
    const id = randomUUID();
    await file.keep(keyOf(id));
    try {
      const row = await this.media.insert({
        id,
        annexId,
        fileName: file.fileName,
        contentType: file.contentType,
        sizeBytes: file.sizeBytes,
        sha256: file.sha256,
        uploadedBy: p.id,
      });
      return toSignageMediaDto(row);
    } catch (e) {
      await this.storage.remove(keyOf(id));
      throw e;
    }
  }

  async list(q: PageQuery, p: Principal): Promise<Page<SignageMediaDto>> {
    const limit = q.limit ?? 50;
    const rows = await this.media.page(annexOf(p), decodeCursor(q.cursor, 2), limit + 1);
    return toPage(rows, limit, (r: Record<string, any>) => [new Date(r.created_at).toISOString(), r.id], toSignageMediaDto);
  }

  /** Sends the file, or the byte range a video element asks for. */
  async send(id: string, range: string | undefined, reply: RawReply): Promise<void> {
    const row = await this.media.find(id);
    if (!row) throw new NotFound('Screen media');
    // A row whose file is gone (a restore of the database without the files) is missing, not a 500.
    const size = await this.storage.size(keyOf(row.id));
    if (size === null) throw new NotFound('Screen media');
    reply
      .header('content-type', row.content_type)
      .header('accept-ranges', 'bytes')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', `"${row.sha256}"`);
    const m = range ? /^bytes=(\d*)-(\d*)$/.exec(range.trim()) : null;
    if (range && m && (m[1] || m[2])) {
      const start = m[1] ? Number(m[1]) : Math.max(0, size - Number(m[2]));
      const end = m[1] && m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
      if (start >= size || start > end) {
        reply.status(416).header('content-range', `bytes */${size}`).send();
        return;
      }
      const part = await this.storage.open(keyOf(row.id), { start, end });
      if (!part) throw new NotFound('Screen media');
      reply
        .status(206)
        .header('content-range', `bytes ${start}-${end}/${size}`)
        .header('content-length', end - start + 1);
      reply.send(part.stream);
      return;
    }
    const whole = await this.storage.open(keyOf(row.id));
    if (!whole) throw new NotFound('Screen media');
    reply.status(200).header('content-length', whole.size);
    reply.send(whole.stream);
  }

  /** Refused while a screen item still plays it (the screens would get a 404). */
  async remove(id: string, p: Principal): Promise<void> {
    if (!(await this.media.deleteUnused(id, annexOf(p), mediaUrl(id)))) {
      if (!(await this.media.findOwned(id, p.annexId))) throw new NotFound('Screen media');
      throw new Conflict(
        'media-in-use',
        'Screen media in use',
        'A screen item or a spoken prompt still plays this file: remove or change it first',
      );
    }
    await this.storage.remove(keyOf(id));
  }
}
