import { HttpStatus } from '@nestjs/common';
import { DomainError, InvalidInput } from '../errors/domain-error';
import { FileType } from './file-type';

/** The part of a Fastify request @fastify/multipart adds (kept narrow so services stay HTTP-agnostic). */
export interface MultipartSource {
  isMultipart(): boolean;
  file(options?: { limits: { fileSize: number } }): Promise<MultipartPart | undefined>;
}

export interface MultipartPart {
  filename: string;
  mimetype?: string;
  /** busboy marks the stream truncated when it passed the byte limit. */
  file: NodeJS.ReadableStream & { truncated?: boolean };
  fields: Record<string, unknown>;
}

/** What one upload room accepts: its rules as data, read by the one storage service. */
export interface UploadRule {
  /** What the file is called in answers: `document`, `photo`, `file`. */
  noun: string;
  accepts: readonly FileType[];
  maxBytes: number;
  /** The answer when the content is none of `accepts`. */
  refusal: string;
  /** Refuse a name whose extension is none of the known types (documents an agent opens). */
  knownExtensionsOnly?: boolean;
}

/** A file read, checked and held aside; `keep` puts it in place (atomically), `discard` drops it. */
export interface ReceivedFile {
  fileName: string;
  contentType: FileType;
  sizeBytes: number;
  sha256: string;
  /** The form's text fields sent before the file. */
  fields: Record<string, string>;
  keep(key: string): Promise<void>;
  discard(): Promise<void>;
}

export class NotMultipart extends DomainError {
  constructor(noun: string) {
    super(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'unsupported-media-type',
      'Unsupported media type',
      `Send the ${noun} as multipart/form-data in a field named file`,
    );
  }
}

export class FileTooLarge extends DomainError {
  constructor(noun: string, max: number) {
    super(HttpStatus.PAYLOAD_TOO_LARGE, 'payload-too-large', 'File too large', `A ${noun} is at most ${max} bytes`, [
      { field: 'file', reason: 'tooLarge', message: `at most ${max} bytes` },
    ]);
  }
}

export const fileRequired = (noun: string) => new InvalidInput([{ field: 'file', reason: 'required', message: `a ${noun} is required` }]);
export const fileEmpty = () => new InvalidInput([{ field: 'file', reason: 'empty', message: 'the file is empty' }]);
export const fileTypeRefused = (message: string) =>
  new InvalidInput([{ field: 'file', reason: 'fileType', message }], HttpStatus.UNSUPPORTED_MEDIA_TYPE);

/** The text fields of a multipart part (busboy gives `{ value }` objects). */
export function textFields(fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, field] of Object.entries(fields)) {
    const value = (field as { value?: unknown } | undefined)?.value;
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}
