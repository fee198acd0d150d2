import { ErrorRenderer } from '@app/core';

/**
 * GeoReport v2 wire formats: the same rows as JSON or XML, and its error shape
 * (`[{code, description}]` / `<errors><error>…`), which every /open311 path answers.
 */
export type Open311Format = 'json' | 'xml';

export const OPEN311_PREFIX = '/open311/';

/** `.xml` at the end of the path selects XML; anything else is JSON. */
export const formatOf = (url: string): Open311Format => (url.split('?')[0].endsWith('.xml') ? 'xml' : 'json');

/** XML 1.0 refuses these code points even as character references: they become U+FFFD. */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;', '\r': '&#13;' };

export const xmlEscape = (v: unknown): string =>
  String(v ?? '')
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/[<>&'"\r]/g, (c) => ENTITIES[c]);

/** Singular element names of the spec's nested lists. */
const ITEM: Record<string, string> = { attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format' };

function element(name: string, v: unknown): string {
  if (v === null || v === undefined) return `<${name}/>`;
  if (Array.isArray(v)) return `<${name}>${v.map((x) => element(ITEM[name] ?? 'item', x)).join('')}</${name}>`;
  if (typeof v === 'object')
    return `<${name}>${Object.entries(v)
      .map(([k, x]) => element(k, x))
      .join('')}</${name}>`;
  return `<${name}>${xmlEscape(v)}</${name}>`;
}

/** A document whose root holds one element per row (`<service_requests><request>…`), or one object. */
export function toXml(root: string, item: string | null, body: Record<string, unknown>[] | Record<string, unknown>): string {
  const inner = Array.isArray(body)
    ? body.map((r) => element(item ?? 'item', r)).join('')
    : Object.entries(body)
        .map(([k, v]) => element(k, v))
        .join('');
  return `<?xml version="1.0" encoding="utf-8"?><${root}>${inner}</${root}>`;
}

export interface Rendered {
  contentType: string;
  payload: string;
}

export function render(
  format: Open311Format,
  root: string,
  item: string | null,
  body: Record<string, unknown>[] | Record<string, unknown>,
): Rendered {
  return format === 'xml'
    ? { contentType: 'text/xml; charset=utf-8', payload: toXml(root, item, body) }
    : { contentType: 'application/json; charset=utf-8', payload: JSON.stringify(body) };
}

/** The GeoReport v2 error body for a status and a message. */
export const renderError = (url: string, status: number, description: string): Rendered =>
  render(formatOf(url), 'errors', 'error', [{ code: status, description }]);

/** Thrown by the Open311 routes; rendered by the global filter in the Open311 error format. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

/** For the global error filter: every /open311 path answers errors the GeoReport v2 way. */
export const OPEN311_ERROR_RENDERER: ErrorRenderer = {
  prefix: OPEN311_PREFIX,
  render(url, p, exception) {
    if (exception instanceof Open311Error)
      return { status: exception.status, ...renderError(url, exception.status, exception.description) };
    const fields = (p.errors ?? []).map((e) => `${e.field}: ${e.message ?? e.reason}`);
    return { status: p.status, ...renderError(url, p.status, fields.length ? fields.join('; ') : (p.detail ?? p.title)) };
  },
};
