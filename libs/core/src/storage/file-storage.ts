import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { claimProblem, detectFileType, safeFileName, SNIFF_BYTES } from './file-type';
import {
  FileTooLarge,
  fileEmpty,
  fileRequired,
  fileTypeRefused,
  MultipartSource,
  NotMultipart,
  ReceivedFile,
  textFields,
  UploadRule,
} from './upload';

/** A stored file opened for reading (or the byte range asked for). */
export interface StoredFile {
  size: number;
  stream: ReadStream;
}

/**
 * Every uploaded file (attachments, grievance photos, screen media and the prompts among them):
 * the injection token, so an S3-compatible store can replace the disk. Keys are `<owner id>/<file id>`
 * or `<area>/<file id>`, always chosen by the code, never by the client.
 */
export abstract class FileStorage {
  /** Reads the multipart file within the rule's byte limit, checks it against the rule, holds it aside. */
  abstract receive(source: MultipartSource, rule: UploadRule): Promise<ReceivedFile>;
  /** The file, or null when it is gone (a database restored without its files). */
  abstract open(key: string, range?: { start: number; end: number }): Promise<StoredFile | null>;
  abstract size(key: string): Promise<number | null>;
  abstract remove(key: string): Promise<void>;
  /** Creates an area's folder now (at startup, as the app user), not on its first upload. */
  abstract prepare(area: string): void;
}

const KEY = /^(?:[0-9a-f-]{36}|[a-z][a-z-]{0,39})\/[0-9a-f-]{36}$/;
/** Files being received: beside the others (same file system, so `rename` is atomic), never served. */
const INCOMING = '.incoming';
/** A file still incoming after this long was left by a process that died mid-upload. */
const ABANDONED_MS = 24 * 3600_000;

/** Files under UPLOAD_DIR: `<request or grievance id>/<file id>`, `signage-media/<id>`. */
@Injectable()
export class LocalDiskStorage extends FileStorage implements OnApplicationBootstrap {
  private readonly root: string;

  constructor(config: AppConfig) {
    super();
    this.root = resolve(config.UPLOAD_DIR);
  }

  private path(key: string): string {
    const path = join(this.root, key);
    if (!KEY.test(key) || !path.startsWith(this.root + sep)) throw new Error('invalid storage key');
    return path;
  }

  /** Drops what a crashed process left half-received (other processes' uploads are younger). */
  async onApplicationBootstrap(): Promise<void> {
    const dir = join(this.root, INCOMING);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const s = await stat(join(dir, name)).catch(() => null);
      if (s && Date.now() - s.mtimeMs > ABANDONED_MS) await rm(join(dir, name), { force: true });
    }
  }

  prepare(area: string): void {
    mkdirSync(join(this.root, area), { recursive: true });
  }

  async receive(source: MultipartSource, rule: UploadRule): Promise<ReceivedFile> {
    if (!source.isMultipart()) throw new NotMultipart(rule.noun);
    const part = await source.file({ limits: { fileSize: rule.maxBytes } });
    if (!part) throw fileRequired(rule.noun);
    await mkdir(join(this.root, INCOMING), { recursive: true });
    const incoming = join(this.root, INCOMING, randomUUID());
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk]).subarray(0, SNIFF_BYTES);
        done(null, chunk);
      },
    });
    const discard = () => rm(incoming, { force: true });
    try {
      await pipeline(part.file, tap, createWriteStream(incoming, { flags: 'wx', mode: 0o640 }));
      // Past the limit the stream is cut short (truncated) or fails, depending on the parser's options.
      if (part.file.truncated) throw new FileTooLarge(rule.noun, rule.maxBytes);
      if (size === 0) throw fileEmpty();
      const type = detectFileType(head);
      if (!type || !rule.accepts.includes(type)) throw fileTypeRefused(rule.refusal);
      const fileName = safeFileName(part.filename);
      const claim = claimProblem(type, fileName, part.mimetype, rule.knownExtensionsOnly);
      if (claim) throw fileTypeRefused(claim);
      const fh = await open(incoming, 'r');
      await fh.sync().finally(() => fh.close());
      return {
        fileName,
        contentType: type,
        sizeBytes: size,
        sha256: hash.digest('hex'),
        fields: textFields(part.fields),
        keep: async (key) => {
          const path = this.path(key);
          await mkdir(dirname(path), { recursive: true });
          await rename(incoming, path);
        },
        discard,
      };
    } catch (e) {
      await discard();
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new FileTooLarge(rule.noun, rule.maxBytes);
      throw e;
    }
  }

  async size(key: string): Promise<number | null> {
    return stat(this.path(key)).then(
      (s) => s.size,
      (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return null;
        throw e;
      },
    );
  }

  async open(key: string, range?: { start: number; end: number }): Promise<StoredFile | null> {
    const size = await this.size(key);
    if (size === null) return null;
    return { size, stream: createReadStream(this.path(key), range) };
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
