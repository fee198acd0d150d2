import { EntityManager } from 'typeorm';
import { maskName } from '@app/core';
import { FiledForDto } from './dto/filed-for.dto';
import { RequestDto } from './dto/request.dto';

/**
 * Both people of each request filed for someone else (one query for a page): the child or the
 * mandator it is for, and the parent or proxy who filed it. Names only, never the record.
 */
export async function withFiledFor<T extends RequestDto>(m: EntityManager, items: T[]): Promise<T[]> {
  const byId = await filedForOf(
    m,
    items.filter((r) => r.dependentId || r.proxyId).map((r) => r.id),
  );
  return items.map((r) => (byId.has(r.id) ? { ...r, filedFor: byId.get(r.id) } : r));
}

/** Both people of each of these requests that was filed for someone else (the others are absent). */
export async function filedForOf(m: Pick<EntityManager, 'query'>, ids: string[]): Promise<Map<string, FiledForDto>> {
  if (!ids.length) return new Map();
  const rows: Record<string, string>[] = await m.query(
    `SELECT r.id, CASE WHEN r.dependent_id IS NOT NULL THEN 'dependent' ELSE 'mandator' END AS kind,
            COALESCE(d.first_name || ' ' || d.last_name, o.first_name || ' ' || o.last_name) AS b_name,
            COALESCE(d.first_name_ar || ' ' || d.last_name_ar, o.first_name_ar || ' ' || o.last_name_ar) AS b_name_ar,
            f.first_name || ' ' || f.last_name AS f_name, f.first_name_ar || ' ' || f.last_name_ar AS f_name_ar
       FROM service_request r JOIN citizen o ON o.id = r.citizen_id
       LEFT JOIN dependent d ON d.id = r.dependent_id
       JOIN citizen f ON f.id = COALESCE(r.proxy_id, d.guardian_id)
      WHERE r.id = ANY($1::uuid[]) AND (r.proxy_id IS NOT NULL OR r.dependent_id IS NOT NULL)`,
    [ids],
  );
  return new Map(
    rows.map((x): [string, FiledForDto] => [
      x.id,
      { kind: x.kind, beneficiary: { name: x.b_name, nameAr: x.b_name_ar }, filer: { name: x.f_name, nameAr: x.f_name_ar } },
    ]),
  );
}

/** The same, as a public answer shows it (tracking): initials only. */
export const maskedFiledFor = (f: FiledForDto): FiledForDto => ({
  kind: f.kind,
  beneficiary: { name: maskName(f.beneficiary.name), nameAr: maskName(f.beneficiary.nameAr) },
  filer: { name: maskName(f.filer.name), nameAr: maskName(f.filer.nameAr) },
});

/** The timeline's first entry (the filing) names both people of a request filed for someone else. */
export async function withFilingPeople<T extends { type: string }>(
  m: EntityManager,
  r: { id: string; proxyId: string | null; dependentId: string | null },
  events: T[],
): Promise<(T & { filedFor?: FiledForDto })[]> {
  if (!r.proxyId && !r.dependentId) return events;
  const filedFor = (await filedForOf(m, [r.id])).get(r.id);
  return events.map((e) => (filedFor && e.type === 'request.submitted' ? { ...e, filedFor } : e));
}
