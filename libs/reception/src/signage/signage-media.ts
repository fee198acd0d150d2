import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Delete, Get, HttpCode, HttpStatus, Injectable, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { safeFileName } from '@app/requests';
import {
  annexOf,
  ApiPageResponse,
  AppConfig,
  Conflict,
  CurrentUser,
  decodeCursor,
  DomainError,
  InvalidInput,
  NotFound,
  Page,
  PageQuery,
  Principal,
  Public,
  Roles,
  toPage,
} from '@app/core';

export const MEDIA_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'video/mp4',
  'video/webm',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
] as const;
type MediaType = (typeof MEDIA_TYPES)[number];
/** Recorded prompts of the spoken guidance (see audio-prompts.ts). */
export const isAudio = (type: string) => type.startsWith('audio/');

/** What a screen file really is, from its first bytes (names and declared types are not trusted). */
export function detectMediaType(h: Buffer): MediaType | null {
  const at = (offset: number, bytes: number[]) => h.length >= offset + bytes.length && bytes.every((b, i) => h[offset + i] === b);
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp'; // RIFF....WEBP
  if (at(4, [0x66, 0x74, 0x79, 0x70])) return 'video/mp4'; // ....ftyp
  if (at(0, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm'; // EBML
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x41, 0x56, 0x45])) return 'audio/wav'; // RIFF....WAVE
  if (at(0, [0x4f, 0x67, 0x67, 0x53])) return 'audio/ogg'; // OggS
  if (at(0, [0x49, 0x44, 0x33]) || (h.length >= 2 && h[0] === 0xff && (h[1] & 0xe0) === 0xe0)) return 'audio/mpeg'; // ID3 tag or an MPEG frame sync
  return null;
}

export class SignageMediaDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '/api/v1/signage/media/6f1c…', description: 'Put it in a screen item as mediaUrl' }) url: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: MEDIA_TYPES, enumName: 'SignageMediaType' }) contentType: MediaType;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

const toDto = (r: Record<string, any>): SignageMediaDto => ({
  id: r.id,
  url: mediaUrl(r.id),
  fileName: r.file_name,
  contentType: r.content_type,
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  createdAt: new Date(r.created_at).toISOString(),
});

interface MediaPart {
  filename: string;
  file: NodeJS.ReadableStream & { truncated?: boolean };
}
interface MultipartRequest {
  isMultipart(): boolean;
  file(options: { limits: { fileSize: number } }): Promise<MediaPart | undefined>;
}
interface RawReply {
  status(code: number): RawReply;
  header(name: string, value: string | number): RawReply;
  send(body?: unknown): unknown;
}

/** Where a screen plays a file from (what a screen item's mediaUrl holds). */
const mediaUrl = (id: string) => `/api/v1/signage/media/${id}`;

const HEAD_BYTES = 16;

/** Screen videos and images: streamed to disk while hashed, so a 200 MB video never sits in memory. */
@Injectable()
export class SignageMediaService {
  private readonly root: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {
    this.root = resolve(config.UPLOAD_DIR, 'signage-media');
    mkdirSync(this.root, { recursive: true });
  }

  private path(id: string): string {
    return join(this.root, id); // ids are uuids from our own table
  }

  async upload(req: MultipartRequest, p: Principal): Promise<SignageMediaDto> {
    if (!req.isMultipart()) {
      throw new DomainError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'unsupported-media-type',
        'Unsupported media type',
        'Send the file as multipart/form-data in a field named file',
      );
    }
    const annexId = annexOf(p);
    const part = await req.file({ limits: { fileSize: this.config.SIGNAGE_MEDIA_MAX_BYTES } });
    if (!part) throw new InvalidInput([{ field: 'file', reason: 'required', message: 'a file is required' }]);
    const id = randomUUID();
    const path = this.path(id);
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk]).subarray(0, HEAD_BYTES);
        done(null, chunk);
      },
    });
    try {
      await pipeline(part.file, tap, createWriteStream(path, { flags: 'wx', mode: 0o640 }));
      // A stream past the limit is cut short, not failed: busboy marks it truncated.
      if (part.file.truncated) throw Object.assign(new Error('file too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
      if (size === 0) throw new InvalidInput([{ field: 'file', reason: 'empty', message: 'the file is empty' }]);
      const type = detectMediaType(head);
      if (!type) {
        throw new InvalidInput(
          [
            {
              field: 'file',
              reason: 'fileType',
              message: 'screens show PNG, JPEG or WebP images, MP4 or WebM videos and MP3, Ogg or WAV prompts (checked from the content)',
            },
          ],
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        );
      }
      const name = safeFileName(part.filename);
      const [row] = await this.db.query(
        `INSERT INTO signage_media (id, annex_id, file_name, content_type, size_bytes, sha256, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [id, annexId, name, type, size, hash.digest('hex'), p.id],
      );
      return toDto(row);
    } catch (e) {
      await rm(path, { force: true });
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new DomainError(
          HttpStatus.PAYLOAD_TOO_LARGE,
          'payload-too-large',
          'File too large',
          `A screen file is at most ${this.config.SIGNAGE_MEDIA_MAX_BYTES} bytes`,
          [{ field: 'file', reason: 'tooLarge', message: `at most ${this.config.SIGNAGE_MEDIA_MAX_BYTES} bytes` }],
        );
      }
      throw e;
    }
  }

  async list(q: PageQuery, p: Principal): Promise<Page<SignageMediaDto>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2);
    const rows = await this.db.query(
      `SELECT * FROM signage_media WHERE annex_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [annexOf(p), after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(rows, limit, (r: Record<string, any>) => [new Date(r.created_at).toISOString(), r.id], toDto);
  }

  /** Sends the file, or the byte range a video element asks for. */
  async send(id: string, range: string | undefined, reply: RawReply): Promise<void> {
    const [row] = await this.db.query(`SELECT * FROM signage_media WHERE id = $1`, [id]);
    if (!row) throw new NotFound('Screen media');
    const path = this.path(row.id);
    // A row whose file is gone (a restore of the database without the files) is missing, not a 500.
    const size = await stat(path).then(
      (s) => s.size,
      (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') throw new NotFound('Screen media');
        throw e;
      },
    );
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
      reply
        .status(206)
        .header('content-range', `bytes ${start}-${end}/${size}`)
        .header('content-length', end - start + 1);
      reply.send(createReadStream(path, { start, end }));
      return;
    }
    reply.status(200).header('content-length', size);
    reply.send(createReadStream(path));
  }

  /** Refused while a screen item still plays it (the screens would get a 404). */
  async remove(id: string, p: Principal): Promise<void> {
    const [, n] = await this.db.query(
      `DELETE FROM signage_media m WHERE m.id = $1 AND m.annex_id = $2
          AND NOT EXISTS (SELECT 1 FROM signage_item i WHERE i.media_url = $3)
          AND NOT EXISTS (SELECT 1 FROM audio_prompt a WHERE a.media_id = m.id)
        RETURNING m.id`,
      [id, annexOf(p), mediaUrl(id)],
    );
    if (!n) {
      const [owned] = await this.db.query(`SELECT 1 FROM signage_media WHERE id = $1 AND annex_id = $2`, [id, p.annexId]);
      if (!owned) throw new NotFound('Screen media');
      throw new Conflict(
        'media-in-use',
        'Screen media in use',
        'A screen item or a spoken prompt still plays this file: remove or change it first',
      );
    }
    await rm(this.path(id), { force: true });
  }
}

@ApiTags('reception')
@Controller('signage/media')
export class SignageMediaController {
  constructor(private readonly media: SignageMediaService) {}

  @Post()
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({
    summary: 'Upload a screen video, image or spoken prompt (PNG, JPEG, WebP, MP4, WebM, MP3, Ogg, WAV; checked from the content)',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: SignageMediaDto })
  upload(@Req() req: MultipartRequest, @CurrentUser() p: Principal): Promise<SignageMediaDto> {
    return this.media.upload(req, p);
  }

  @Get()
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: "The annex's screen media" })
  @ApiPageResponse(SignageMediaDto)
  list(@Query() q: PageQuery, @CurrentUser() p: Principal): Promise<Page<SignageMediaDto>> {
    return this.media.list(q, p);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'A screen file (public: the screens play it); honours Range for videos' })
  @ApiProduces(...MEDIA_TYPES)
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  async file(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: { headers: Record<string, string | undefined> },
    @Res() reply: RawReply,
  ): Promise<void> {
    await this.media.send(id, req.headers.range, reply);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: 'Remove a screen file' })
  @ApiNoContentResponse()
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<void> {
    return this.media.remove(id, p);
  }
}
