import { randomUUID } from 'node:crypto';
import { Injectable, StreamableFile } from '@nestjs/common';
import {
  AccessLog,
  AppConfig,
  Conflict,
  FileStorage,
  FileType,
  Forbidden,
  MultipartSource,
  NotFound,
  Principal,
  UploadRule,
} from '@app/core';
import { GrievancePhotoDto } from './dto/grievance.dto';
import { GrievancePhotosRepository } from './grievance-photos.repository';
import { addsWithAccount, GrievancesService, tokenHash } from './grievances.service';

export const MAX_PHOTOS = 5;
export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const satisfies readonly FileType[];

const photoRule = (maxBytes: number): UploadRule => ({
  noun: 'photo',
  accepts: PHOTO_TYPES,
  maxBytes,
  refusal: 'a photo is a JPEG or PNG image (checked from the content)',
});

/** Photos joined to a grievance (a broken pavement, a queue): JPEG or PNG, checked from the content. */
@Injectable()
export class GrievancePhotosService {
  constructor(
    private readonly photos: GrievancePhotosRepository,
    private readonly grievances: GrievancesService,
    private readonly storage: FileStorage,
    private readonly access: AccessLog,
    private readonly config: AppConfig,
  ) {}

  async add(id: string, source: MultipartSource, p: Principal | undefined, token: string | undefined): Promise<GrievancePhotoDto> {
    await this.mayAdd(id, p, token);
    const file = await this.storage.receive(source, photoRule(this.config.UPLOAD_MAX_BYTES));
    const photoId = randomUUID();
    const key = `${id}/${photoId}`;
    await file.keep(key);
    try {
      return await this.photos.transaction(async (m) => {
        if ((await this.photos.lockAndCount(m, id)) >= MAX_PHOTOS)
          throw new Conflict('too-many-photos', 'Too many photos', `A grievance holds at most ${MAX_PHOTOS} photos`);
        const row = await this.photos.insert(m, {
          id: photoId,
          grievanceId: id,
          fileName: file.fileName,
          contentType: file.contentType,
          sizeBytes: file.sizeBytes,
          sha256: file.sha256,
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
    const file = await this.storage.open(`${id}/${photoId}`);
    if (!file) throw new NotFound('Photo');
    return new StreamableFile(file.stream, { type: row.content_type, length: file.size, disposition: 'inline' });
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
