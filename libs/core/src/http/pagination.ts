import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { InvalidInput } from '../errors/domain-error';

/** `?limit=&cursor=` on every list. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: "Opaque cursor from the previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,512}$/, { message: 'cursor is not a valid cursor' })
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A keyset position: the sort key(s) and id of the last row of a page. */
export type CursorKey = (string | number | null)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): CursorKey | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity) return key;
  } catch {
    /* fall through */
  }
  throw new InvalidInput([{ field: 'cursor', reason: 'format', message: 'cursor is not a valid cursor' }]);
}

/** Builds a page from `limit + 1` fetched rows. */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => CursorKey, map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  return { items: slice.map(map), nextCursor: more ? encodeCursor(keyOf(slice[slice.length - 1])) : null };
}

/**
 * A page of a short list already in memory (reference data: neighbourhoods, counters, holidays,
 * queues, screen items, a request's alerts), with the same `{items, nextCursor}` contract and
 * cursor as the keyset lists. `keyOf` is the list's stable unique key.
 */
export function pageOf<T>(all: T[], q: PageQuery, keyOf: (item: T) => string, defaultLimit = 20): Page<T> {
  const limit = q.limit ?? defaultLimit;
  const after = decodeCursor(q.cursor, 1);
  const start = after ? all.findIndex((x) => keyOf(x) === after[0]) + 1 : 0;
  return toPage(
    all.slice(start, start + limit + 1),
    limit,
    (x) => [keyOf(x)],
    (x) => x,
  );
}

/** OpenAPI for `{ items: T[], nextCursor }`. */
export const ApiPageResponse = <T extends Type<unknown>>(model: T, description = 'One page') =>
  applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['items', 'nextCursor'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(model) } },
          nextCursor: { type: 'string', nullable: true },
        },
      },
    }),
  );
