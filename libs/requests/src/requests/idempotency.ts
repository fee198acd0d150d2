import { createHash } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, InvalidInput } from '@app/core';

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;

export class IdempotencyKeyReused extends DomainError {
  constructor() {
    super(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'idempotency-key-reused',
      'Idempotency key already used',
      'This Idempotency-Key was already used for a different submission',
      [{ field: 'Idempotency-Key', reason: 'reused', message: 'the key was used with another body' }],
    );
  }
}

/** Checks the header's shape; returns null when absent and not required. */
export function parseIdempotencyKey(header: string | undefined, required: boolean): string | null {
  if (header === undefined || header === '') {
    if (required)
      throw new InvalidInput([{ field: 'Idempotency-Key', reason: 'required', message: 'the Idempotency-Key header is required' }]);
    return null;
  }
  if (!KEY.test(header)) {
    throw new InvalidInput([
      { field: 'Idempotency-Key', reason: 'format', message: 'Idempotency-Key must be 8-200 letters, digits or . _ : -' },
    ]);
  }
  return header;
}

/** JSON with sorted keys, so the same body always hashes the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export const bodyHash = (body: unknown) => createHash('sha256').update(canonical(body)).digest('hex');

/**
 * Claims `key` for the caller inside the submission's transaction, for the request about to be
 * created with id `requestId` (the foreign key is checked at commit). Returns null when the claim
 * is ours; otherwise the id of the request the earlier submission created. A concurrent claim
 * waits on the unique index until the first commits, so a double tap never creates two requests.
 */
export async function claimIdempotencyKey(
  m: EntityManager,
  callerId: string,
  key: string,
  hash: string,
  requestId: string,
): Promise<string | null> {
  const mine = await m.query(
    `INSERT INTO request_idempotency (caller_id, key, body_hash, request_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING key`,
    [callerId, key, hash, requestId],
  );
  if (mine.length === 1) return null;
  const [prior] = await m.query(`SELECT body_hash, request_id FROM request_idempotency WHERE caller_id = $1 AND key = $2`, [callerId, key]);
  if (prior.body_hash !== hash) throw new IdempotencyKeyReused();
  return prior.request_id;
}
