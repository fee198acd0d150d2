import { EntityManager } from 'typeorm';
import { weeklyHoursFrom } from '../calendar/calendar.service';
import { WeeklyHours } from '../calendar/working-time';

export type IdentityLanguage = 'ar' | 'fr' | 'en' | 'zgh';

/**
 * What papers and messages say about the annex that speaks: read from its row (never written in
 * code or templates), so a second annex's certificate, SMS and email carry its own name only.
 */
export interface AnnexIdentity {
  id: string;
  code: string;
  nameAr: string;
  nameFr: string;
  nameZgh: string | null;
  province: string;
  provinceAr: string;
  pachalik: string;
  pachalikAr: string;
  cityFr: string;
  cityAr: string;
  address: string;
  addressAr: string;
  phone: string | null;
  signatoryName: string;
  signatoryNameAr: string;
  signatoryTitleFr: string;
  signatoryTitleAr: string;
  emblemUrl: string | null;
  openingHours: Record<string, unknown>;
}

const COLUMNS = `id, code, name_ar, name_fr, name_zgh, province, province_ar, pachalik, pachalik_ar, city_fr, city_ar, address, address_ar, phone,
  signatory_name, signatory_name_ar, signatory_title_fr, signatory_title_ar, emblem_url, opening_hours`;

export function toAnnexIdentity(r: Record<string, any>): AnnexIdentity {
  return {
    id: r.id,
    code: r.code,
    nameAr: r.name_ar,
    nameFr: r.name_fr,
    nameZgh: r.name_zgh ?? null,
    province: r.province,
    provinceAr: r.province_ar || r.province,
    pachalik: r.pachalik,
    pachalikAr: r.pachalik_ar || r.pachalik,
    cityFr: r.city_fr,
    cityAr: r.city_ar || r.city_fr,
    address: r.address,
    addressAr: r.address_ar || r.address,
    phone: r.phone ?? null,
    signatoryName: r.signatory_name ?? '',
    signatoryNameAr: r.signatory_name_ar ?? '',
    signatoryTitleFr: r.signatory_title_fr ?? '',
    signatoryTitleAr: r.signatory_title_ar ?? '',
    emblemUrl: r.emblem_url ?? null,
    openingHours: r.opening_hours ?? {},
  };
}

/** The annex's identity, or null for an unknown id. */
export async function readAnnexIdentity(m: EntityManager, annexId: string): Promise<AnnexIdentity | null> {
  const [r] = await m.query(`SELECT ${COLUMNS} FROM annex WHERE id = $1`, [annexId]);
  return r ? toAnnexIdentity(r) : null;
}

const DAYS: Record<IdentityLanguage, string[]> = {
  fr: ['', 'lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim'],
  en: ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  ar: ['', 'الإثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت', 'الأحد'],
  // IRCAM's day names (awaiting a native speaker's review, as every Tamazight text here).
  zgh: ['', 'ⴰⵢⵏⴰⵙ', 'ⴰⵙⵉⵏⴰⵙ', 'ⴰⴽⵕⴰⵙ', 'ⴰⴽⵡⴰⵙ', 'ⴰⵙⵉⵎⵡⴰⵙ', 'ⴰⵙⵉⴹⵢⴰⵙ', 'ⴰⵙⴰⵎⴰⵙ'],
};

/**
 * The weekly hours in a few words ("lun-ven 08:30-16:30, sam 09:00-12:00"): consecutive days
 * with the same windows are one range.
 */
export function describeHours(openingHours: Record<string, unknown> | WeeklyHours, lang: IdentityLanguage): string {
  const hours = weeklyHoursFrom(openingHours as Record<string, unknown>);
  const key = (d: number) => (hours[d as keyof WeeklyHours] ?? []).map((w) => `${w[0]}-${w[1]}`).join(lang === 'ar' ? ' و ' : ', ');
  const parts: string[] = [];
  for (let d = 1; d <= 7; d++) {
    const k = key(d);
    if (!k) continue;
    let end = d;
    while (end < 7 && key(end + 1) === k) end++;
    parts.push(`${DAYS[lang][d]}${end > d ? `-${DAYS[lang][end]}` : ''} ${k}`);
    d = end;
  }
  return parts.join(lang === 'ar' ? '، ' : ', ');
}

/**
 * The annex's name in a language (English uses the French name: annexes have no English one;
 * Tamazight its `nameZgh` where the annex gave one, else the French).
 */
export const annexName = (a: Pick<AnnexIdentity, 'nameAr' | 'nameFr'> & { nameZgh?: string | null }, lang: IdentityLanguage) =>
  lang === 'ar' ? a.nameAr : (lang === 'zgh' && a.nameZgh) || a.nameFr;
/** The address as written on the annex's row: Arabic, else the Latin-letter one (Tamazight included). */
export const annexAddress = (a: Pick<AnnexIdentity, 'address' | 'addressAr'>, lang: IdentityLanguage) =>
  lang === 'ar' ? a.addressAr : a.address;
