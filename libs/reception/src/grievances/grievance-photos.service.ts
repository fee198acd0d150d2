import { createHash, randomUUID } from 'node:crypto';
import { HttpStatus, Injectable, StreamableFile } from '@nestjs/common';
import { AttachmentStorage, detectType, MultipartSource, safeFileName } from '@app/requests';
import { AccessLog, Conflict, DomainError, Forbidden, InvalidInput, NotFound, Principal } from '@app/core';
import { GrievancePhotoDto } from './dto/grievance.dto';
import { GrievancePhotosRepository } from './grievance-photos.repository';
import { addsWithAccount, GrievancesService, tokenHash } from './grievances.service';

export const MAX_PHOTOS = 5;

/** Photos joined to a grievance (a broken pavement, a queue): JPEG or PNG, checked from the content. */
@Injectable()
export class GrievancePhotosService {
  constructor(
    private readonly photos: GrievancePhotosRepository,
    private readonly grievances: GrievancesService,
    private readonly storage: AttachmentStorage,
    private readonly access: AccessLog,
  ) {}

  async add(id: string, source: MultipartSource, p: Principal | undefined, token: string | undefined): Promise<GrievancePhotoDto> {
    await this.mayAdd(id, p, token);
    if (!source.isMultipart()) {
      throw new DomainError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'unsupported-media-type',
        'Unsupported media type',
        'Send the photo as multipart/form-data in a field named file',
      );
    }
    const part = await source.file();
    if (!part) throw new InvalidInput([{ field: 'file', reason: 'required', message: 'a photo is required' }]);
    const data = await part.toBuffer();
    const type = detectType(data);
    if (type !== 'image/jpeg' && type !== 'image/png') {
      throw new InvalidInput(
        [{ field: 'file', reason: 'fileType', message: 'a photo is a JPEG or PNG image (checked from the content)' }],
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    }
    const photoId = randomUUID();
    const key = `${id}/${photoId}`;
    await this.storage.put(key, data);
    try {
      return await this.photos.transaction(async (m) => {
        if ((await this.photos.lockAndCount(m, id)) >= MAX_PHOTOS)
          throw new Conflict('too-many-photos', 'Too many photos', `A grievance holds at most ${MAX_PHOTOS} photos`);
        const row = await this.photos.insert(m, {
          id: photoId,
          grievanceId: id,
          fileName: safeFileName(part.filename),
          contentType: type,
          sizeBytes: data.length,
          sha256: createHash('sha256').update(data).digest('hex'),
          uploadedBy: p?.id ?? null,
        });
        return { id: row.id, contentType: row.content_type, sizeBytes: row.size_bytes, createdAt: new Date(row.created_at).toISOString() };
      });
    } catch (e) {
      await this.storage.remove(key);
      throw e;
    }
  }

  async download(id: string, photoId: string, p: Principal): Promise<StreamableFile> {
    const g = await this.grievances.visible(id, p);
    const row = await this.photos.find(id, photoId);
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
    if (!token || !(await this.photos.tokenHolds(id, tokenHash(token)))) throw new NotFound('Grievance');
  }
}
