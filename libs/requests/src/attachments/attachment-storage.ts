import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/core';

/** Where uploaded documents live; the injection token, so an S3-compatible store can replace the disk. */
export abstract class AttachmentStorage {
  abstract put(key: string, data: Buffer): Promise<void>;
  abstract get(key: string): Promise<Buffer>;
  abstract remove(key: string): Promise<void>;
}

const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

/** Files under UPLOAD_DIR, one folder per request. */
@Injectable()
export class LocalDiskStorage extends AttachmentStorage {
  private readonly root: string;

  constructor(config: AppConfig) {
    super();
    this.root = resolve(config.UPLOAD_DIR);
  }

  private path(key: string): string {
    // Keys are ours (request id / attachment id); refuse anything else rather than trust it.
    const path = join(this.root, key);
    if (!KEY.test(key) || !path.startsWith(this.root + sep)) throw new Error('invalid storage key');
    return path;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data, { flag: 'wx', mode: 0o640 });
  }

  get(key: string): Promise<Buffer> {
    return readFile(this.path(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
