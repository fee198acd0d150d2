import { EntityManager } from 'typeorm';
import { FiledForDto } from './dto/filed-for.dto';
import { RequestDto } from './dto/request.dto';

/**
 * Both people of each request filed for someone else (one query for a page): the child or the
 * mandator it is for, and the parent or proxy who filed it. Names only, never the record.
 */
export async function withFiledFor<T extends RequestDto>(m: EntityManager, items: T[]): Promise<T[]> {
  const ids = items.filter((r) => r.dependentId || r.proxyId).map((r) => r.id);
  if (!ids.length) return items;
  const rows: Record<string, string>[] = await m.query(
    `SELECT r.id, CASE WHEN r.dependent_id IS NOT NULL THEN 'dependent' ELSE 'mandator' END AS kind,
            COALESCE(d.first_name || ' ' || d.last_name, o.first_name || ' ' || o.last_name) AS b_name,
            COALESCE(d.first_name_ar || ' ' || d.last_name_ar, o.first_name_ar || ' ' || o.last_name_ar) AS b_name_ar,
            f.first_name || ' ' || f.last_name AS f_name, f.first_name_ar || ' ' || f.last_name_ar AS f_name_ar
       FROM service_request r JOIN citizen o ON o.id = r.citizen_id
       LEFT JOIN dependent d ON d.id = r.dependent_id
       JOIN citizen f ON f.id = COALESCE(r.proxy_id, d.guardian_id)
      WHERE r.id = ANY($1::uuid[])`,
    [ids],
  );
  const byId = new Map(
    rows.map((x): [string, FiledForDto] => [x.id, { kind: x.kind, beneficiary: { name: x.b_name, nameAr: x.b_name_ar }, filer: { name: x.f_name, nameAr: x.f_name_ar } }]),
  );
  return items.map((r) => (byId.has(r.id) ? { ...r, filedFor: byId.get(r.id) } : r));
}
