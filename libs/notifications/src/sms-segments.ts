/** GSM 03.38 default alphabet (one septet each) and its extension table (two septets each). */
const GSM7 = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXT = new Set('^{}\\[~]|€\f');

export interface SmsSize {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/** Greedy packing: a character never straddles two segments (a 2-septet escape, a surrogate pair). */
function pack(costs: number[], single: number, multi: number): number {
  const total = costs.reduce((a, b) => a + b, 0);
  if (total <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const c of costs) {
    if (used + c > multi) {
      segments++;
      used = 0;
    }
    used += c;
  }
  return segments;
}

/** How many SMS segments a text takes: 160/153 septets in GSM-7, 70/67 code units in UCS-2 (Arabic). */
export function smsSize(text: string): SmsSize {
  const chars = [...text];
  if (chars.every((ch) => GSM7.has(ch) || GSM7_EXT.has(ch))) {
    const costs = chars.map((ch) => (GSM7_EXT.has(ch) ? 2 : 1));
    return { encoding: 'GSM-7', units: costs.reduce((a, b) => a + b, 0), segments: pack(costs, 160, 153) };
  }
  const costs = chars.map((ch) => ch.length); // UTF-16 code units: 2 for a surrogate pair
  return { encoding: 'UCS-2', units: text.length, segments: pack(costs, 70, 67) };
}

export const MAX_SMS_SEGMENTS = 2;

/**
 * A name written for a GSM-7 SMS: "n°" as "no" and accents GSM-7 lacks dropped ("ê" → "e"), so
 * one annex name does not turn a French SMS into UCS-2 (70 characters a segment). Characters
 * with no plain form (Arabic) are kept.
 */
export function gsm7Plain(s: string): string {
  return [...s]
    .map((c) => {
      if (GSM7.has(c) || GSM7_EXT.has(c)) return c;
      if (c === '°' || c === 'º') return 'o';
      const bare = c.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      return [...bare].every((b) => GSM7.has(b)) ? bare : c;
    })
    .join('');
}
