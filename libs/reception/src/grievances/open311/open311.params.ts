import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { normalizeAnyPhone } from '@app/core';
import { GRIEVANCE_KINDS, GrievanceCreate } from '../dto/grievance.dto';
import { PublicGrievanceFilter } from '../grievances.service';
import { Open311Error } from './open311.format';

/** The spec's default window and cap for `GET requests`. */
export const LIST_DEFAULT_DAYS = 90;
export const LIST_MAX = 1000;
const DAY_MS = 86_400_000;

type Query = Record<string, unknown>;

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v])
    .filter((x) => x !== undefined && x !== null)
    .flatMap((x) => String(x).split(','))
    .map((x) => x.trim())
    .filter(Boolean);

function date(q: Query, name: string): Date | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  // W3C date-time as the spec says; a bare date is accepted as midnight UTC.
  const s = String(v);
  const d = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(s) ? new Date(s) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new Open311Error(400, `${name} must be a W3C date-time such as 2026-11-01T00:00:00+01:00`);
  return d;
}

/** `GET requests` query → the listing's filter; bad values name the parameter. */
export function listFilter(q: Query, now = new Date()): PublicGrievanceFilter {
  const ids = list(q.service_request_id);
  if (ids.length > LIST_MAX) throw new Open311Error(400, `service_request_id lists at most ${LIST_MAX} ids`);
  const kinds = list(q.service_code);
  const unknown = kinds.find((k) => !GRIEVANCE_KINDS.includes(k as never));
  if (unknown) throw new Open311Error(400, `service_code ${unknown} is not a service of this endpoint`);
  const status = list(q.status);
  if (status.some((s) => s !== 'open' && s !== 'closed'))
    throw new Open311Error(400, 'status must be open, closed or both (comma separated)');
  const given = { start: date(q, 'start_date'), end: date(q, 'end_date') };
  const end = given.end ?? (given.start ? new Date(Math.max(now.getTime(), given.start.getTime())) : now);
  const start = given.start ?? new Date(end.getTime() - LIST_DEFAULT_DAYS * DAY_MS);
  if (start > end) throw new Open311Error(400, 'start_date must not be after end_date');
  return { ids, kinds, status: status as ('open' | 'closed')[], start, end, limit: LIST_MAX };
}

/** Open311 names of the grievance's fields, for error messages a GeoReport client understands. */
const OPEN311_NAME: Record<string, string> = {
  kind: 'service_code',
  addressString: 'address_string',
  mediaUrl: 'media_url',
  subject: 'attribute[subject]',
};

const text = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v).trim());

function number(body: Query, name: string): number | undefined {
  const v = text(body[name]);
  if (v === undefined) return undefined;
  if (!/^[-+]?\d+(\.\d+)?$/.test(v)) throw new Open311Error(400, `${name} must be a number in WGS84 degrees`);
  return Number(v);
}

/** A posted GeoReport request → the grievance to file, validated by the same rules as the REST route. */
export function postedGrievance(body: Query): GrievanceCreate {
  const description = text(body.description) ?? '';
  const attribute = (body.attribute ?? {}) as Query;
  const phone = text(body.phone)?.replace(/[\s.-]/g, '');
  // Publication needs the filer's explicit yes (attribute[public]=true); silence keeps it private.
  const consent = String(body['attribute[public]'] ?? attribute.public ?? 'false');
  if (!['true', 'false'].includes(consent)) throw new Open311Error(400, 'attribute[public] must be true or false');
  const d = plainToInstance(GrievanceCreate, {
    publicConsent: consent === 'true',
    kind: text(body.service_code),
    subject: text(body['attribute[subject]'] ?? attribute.subject) ?? description.slice(0, 80),
    description,
    lat: number(body, 'lat'),
    long: number(body, 'long'),
    addressString: text(body.address_string),
    mediaUrl: text(body.media_url),
    phone: phone && (normalizeAnyPhone(phone) ?? phone),
  });
  for (const k of Object.keys(d) as (keyof GrievanceCreate)[]) if (d[k] === undefined) delete d[k];
  const errors = validateSync(d, { forbidUnknownValues: false });
  if (errors.length) {
    const e = errors[0];
    const name = OPEN311_NAME[e.property] ?? e.property;
    const why = Object.values(e.constraints ?? {})[0] ?? 'is invalid';
    throw new Open311Error(400, `${name}: ${why.replace(e.property, name)}`);
  }
  return d;
}
