import { createHash, randomUUID } from 'node:crypto';
import { Controller, Get, Headers, HttpStatus, Injectable, Param, ParseUUIDPipe, Post, Req, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AttachmentStorage, detectType, MultipartSource, safeFileName } from '@app/requests';
import { AccessLog, Conflict, CurrentUser, DomainError, Forbidden, InvalidInput, NotFound, Principal, Public, Roles } from '@app/core';
import { GrievancePhotoDto } from './dto/grievance.dto';
import { addsWithAccount, GrievancesService, tokenHash } from './grievances.service';

const MAX_PHOTOS = 5;

/** Photos joined to a grievance (a broken pavement, a queue): JPEG or PNG, checked from the content. */
@Injectable()
export class GrievancePhotosService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly grievances: GrievancesService,
    private readonly storage: AttachmentStorage,
    private readonly access: AccessLog,
  ) {}

  async add(id: string, source: MultipartSource, p: Principal | undefined, token: string | undefined): Promise<GrievancePhotoDto> {
    await this.mayAdd(id, p, token);
    if (!source.isMultipart()) {
      throw new DomainError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported-media-type', 'Unsupported media type', 'Send the photo as multipart/form-data in a field named file');
    }
    const part = await source.file();
    if (!part) throw new InvalidInput([{ field: 'file', reason: 'required', message: 'a photo is required' }]);
    const data = await part.toBuffer();
    const type = detectType(data);
    if (type !== 'image/jpeg' && type !== 'image/png') {
      throw new InvalidInput([{ field: 'file', reason: 'fileType', message: 'a photo is a JPEG or PNG image (checked from the content)' }], HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
    const photoId = randomUUID();
    const key = `${id}/${photoId}`;
    await this.storage.put(key, data);
    try {
      return await this.db.transaction(async (m) => {
        // The row lock makes the count and the insert one step, so two uploads cannot pass the limit together.
        await m.query(`SELECT 1 FROM grievance WHERE id = $1 FOR UPDATE`, [id]);
        const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM grievance_photo WHERE grievance_id = $1`, [id]);
        if (n >= MAX_PHOTOS) throw new Conflict('too-many-photos', 'Too many photos', `A grievance holds at most ${MAX_PHOTOS} photos`);
        const [row] = await m.query(
          `INSERT INTO grievance_photo (id, grievance_id, file_name, content_type, size_bytes, sha256, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
          [photoId, id, safeFileName(part.filename), type, data.length, createHash('sha256').update(data).digest('hex'), p?.id ?? null],
        );
        return { id: row.id, contentType: row.content_type, sizeBytes: row.size_bytes, createdAt: new Date(row.created_at).toISOString() };
      });
    } catch (e) {
      await this.storage.remove(key);
      throw e;
    }
  }

  async download(id: string, photoId: string, p: Principal): Promise<StreamableFile> {
    const g = await this.grievances.visible(id, p);
    const [row] = await this.db.query(`SELECT * FROM grievance_photo WHERE id = $1 AND grievance_id = $2`, [photoId, id]);
    if (!row) throw new NotFound('Photo');
    // A photo the filer took is part of their grievance: a staff view is an access event.
    await this.access.record(p, [{ citizenId: g.citizen_id, what: 'grievance', objectId: g.id, requestId: g.request_id }]);
    const data = await this.storage.get(`${id}/${photoId}`);
    return new StreamableFile(data, { type: row.content_type, length: data.length, disposition: 'inline' });
  }

  /** The citizen who filed it, the annex's staff, or whoever holds the token given at an anonymous filing. */
  private async mayAdd(id: string, p: Principal | undefined, token: string | undefined): Promise<void> {
    if (addsWithAccount(p)) {
      await this.grievances.visible(id, p!);
      return;
    }
    if (p && !token) throw new Forbidden('Only the filer and the annex staff add photos');
    const [g] = token
      ? await this.db.query(`SELECT id FROM grievance WHERE id = $1 AND photo_token_hash = $2 AND photo_token_expires_at > now()`, [id, tokenHash(token)])
      : [];
    if (!g) throw new NotFound('Grievance');
  }
}

@ApiTags('grievances')
@Controller('grievances/:id/photos')
export class GrievancePhotosController {
  constructor(private readonly photos: GrievancePhotosService) {}

  @Post()
  @Public()
  @ApiSecurity('bearer')
  @ApiHeader({ name: 'X-Grievance-Token', required: false, description: 'Filed without an account: the photoToken the filing answered' })
  @ApiOperation({ summary: `Add a photo (JPEG or PNG, at most ${MAX_PHOTOS}) to a grievance` })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: GrievancePhotoDto })
  add(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: MultipartSource,
    @Headers('x-grievance-token') token: string | undefined,
    @CurrentUser() p?: Principal,
  ): Promise<GrievancePhotoDto> {
    return this.photos.add(id, req, p, token);
  }

  @Get(':photoId')
  @Roles('citizen', 'reception', 'agent', 'supervisor', 'admin')
  @ApiSecurity('bearer')
  @ApiOperation({ summary: 'A photo of a grievance (its citizen and the annex staff)' })
  @ApiProduces('image/jpeg', 'image/png')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  download(@Param('id', ParseUUIDPipe) id: string, @Param('photoId', ParseUUIDPipe) photoId: string, @CurrentUser() p: Principal): Promise<StreamableFile> {
    return this.photos.download(id, photoId, p);
  }
}
