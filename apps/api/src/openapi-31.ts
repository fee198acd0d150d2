import { OpenAPIObject } from '@nestjs/swagger';

type Schema = Record<string, unknown>;

/**
 * @nestjs/swagger writes OpenAPI 3.0, whose `nullable` cannot be said of a reference: a nullable
 * enum or DTO came out as `nullable` beside `allOf` (or without a `type`), and a nullable enum
 * without `null` among its values, which strict validators read as "null is refused". The
 * document is published as OpenAPI 3.1 instead, where JSON Schema says it plainly:
 * `type: [string, "null"]` (and `null` in the enum), `anyOf: [{$ref}, {type: "null"}]`.
 */
function nullableToJsonSchema(s: Schema): Schema {
  if (s.nullable !== true) return s;
  const rest = { ...s };
  delete rest.nullable;
  const refs = (rest.allOf as Schema[] | undefined) ?? (rest.$ref ? [{ $ref: rest.$ref }] : undefined);
  if (refs) {
    const meta = { ...rest };
    for (const k of ['allOf', '$ref', 'type']) delete meta[k];
    return { ...meta, anyOf: [...(refs.length === 1 ? refs : [{ allOf: refs }]), { type: 'null' }] };
  }
  if (typeof rest.type === 'string') {
    return {
      ...rest,
      type: [rest.type, 'null'],
      ...(Array.isArray(rest.enum) && !rest.enum.includes(null) ? { enum: [...rest.enum, null] } : {}),
    };
  }
  return rest;
}

/** 3.1 lets a `$ref` have siblings: `allOf: [one $ref]` (3.0's way to describe a reference) goes. */
function singleAllOf(s: Schema): Schema {
  const all = s.allOf as Schema[] | undefined;
  if (!all || all.length !== 1 || !all[0].$ref || s.$ref) return s;
  const out: Schema = { ...s, $ref: all[0].$ref };
  delete out.allOf;
  delete out.type;
  return out;
}

function walk(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(walk);
  if (!v || typeof v !== 'object') return v;
  const out = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  return singleAllOf(nullableToJsonSchema(out));
}

export function toOpenApi31(doc: OpenAPIObject): OpenAPIObject {
  const converted = walk(doc) as OpenAPIObject;
  return { ...converted, openapi: '3.1.0' };
}
