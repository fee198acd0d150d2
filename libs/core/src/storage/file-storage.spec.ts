import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { createHash, randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { LocalDiskStorage } from './file-storage';
import { MultipartSource, UploadRule } from './upload';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 7)]);
const rule: UploadRule = { noun: 'photo', accepts: ['image/png', 'image/jpeg'], maxBytes: 1000, refusal: 'JPEG or PNG only' };

/** A multipart request as @fastify/multipart gives it: the file as a stream, cut (truncated) past the limit. */
function source(
  data: Buffer,
  filename: string,
  mimetype = 'application/octet-stream',
  fields: Record<string, unknown> = {},
): MultipartSource {
  return {
    isMultipart: () => true,
    file: async (options) => {
      const limit = options?.limits.fileSize ?? Infinity;
      const file = Object.assign(new PassThrough(), { truncated: data.length > limit });
      Readable.from([data.subarray(0, Math.min(limit, data.length))]).pipe(file);
      return { filename, mimetype, file, fields };
    },
  };
}

describe('the upload and storage service (local disk)', () => {
  let root: string;
  let storage: LocalDiskStorage;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'annex-storage-'));
    storage = new LocalDiskStorage({ UPLOAD_DIR: root } as AppConfig);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const incoming = () => readdirSync(join(root, '.incoming'));

  it('holds a checked file aside with its checksum, then puts it in place under its key and streams it back', async () => {
    const file = await storage.receive(source(PNG, 'rue.png', 'image/png', { note: { value: 'x' } }), rule);
    expect(file).toMatchObject({ fileName: 'rue.png', contentType: 'image/png', sizeBytes: PNG.length, fields: { note: 'x' } });
    expect(file.sha256).toBe(createHash('sha256').update(PNG).digest('hex'));
    expect(incoming()).toHaveLength(1);
    const key = `${randomUUID()}/${randomUUID()}`;
    await file.keep(key);
    expect(incoming()).toHaveLength(0);
    expect(Buffer.compare(readFileSync(join(root, key)), PNG)).toBe(0);
    const back = await storage.open(key, { start: 1, end: 3 });
    expect(back?.size).toBe(PNG.length);
    const chunks: Buffer[] = [];
    for await (const c of back!.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString('latin1')).toBe('PNG');
    await storage.remove(key);
    expect(await storage.open(key)).toBeNull();
  });

  it('refuses, leaving nothing behind: too large (413), empty (400), another type or a spoofed name (415)', async () => {
    const refused = (data: Buffer, name: string, type?: string) =>
      storage.receive(source(data, name, type), rule).then(
        () => null,
        (e: { status: number; errors?: { reason: string }[] }) => [e.status, e.errors?.[0]?.reason],
      );
    expect(await refused(Buffer.concat([PNG, Buffer.alloc(1000)]), 'big.png')).toEqual([413, 'tooLarge']);
    expect(await refused(Buffer.alloc(0), 'empty.png')).toEqual([400, 'empty']);
    expect(await refused(Buffer.from('%PDF-1.7\n'), 'scan.pdf')).toEqual([415, 'fileType']);
    expect(await refused(PNG, 'scan.jpg')).toEqual([415, 'fileType']);
    expect(await refused(PNG, 'scan.png', 'image/jpeg')).toEqual([415, 'fileType']);
    expect(incoming()).toEqual([]);
  });

  it('refuses a key it did not make', async () => {
    await expect(storage.open('../../etc/passwd')).rejects.toThrow('invalid storage key');
    await expect(storage.remove(`x/../../${randomUUID()}`)).rejects.toThrow('invalid storage key');
  });

  it('drops at start what a crashed process left half-received, not what others are receiving now', async () => {
    mkdirSync(join(root, '.incoming'));
    writeFileSync(join(root, '.incoming', 'old'), 'x');
    writeFileSync(join(root, '.incoming', 'new'), 'y');
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
    utimesSync(join(root, '.incoming', 'old'), twoDaysAgo, twoDaysAgo);
    await storage.onApplicationBootstrap();
    expect(incoming()).toEqual(['new']);
  });
});
