import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { gsm7Plain, MAX_SMS_SEGMENTS, smsSize } from './sms-segments';

export type Language = 'ar' | 'fr' | 'en' | 'zgh';
export const LANGUAGES: Language[] = ['ar', 'fr', 'en', 'zgh'];

interface LocalizedTemplate {
  sms: string;
  subject: string;
  text: string;
  /** Tamazight only: true until a native speaker has checked it (listed by `npm run i18n:zgh-report`). */
  review?: boolean;
}

export interface RenderedMessage {
  sms: string;
  subject: string;
  text: string;
  html: string;
}

const DIR = join(__dirname, '..', 'templates');

/**
 * The one short link every request SMS carries, in every language: the citizen app opens tracking
 * with the code filled in (`/t/{code}`, routed like `/track/{code}`), so only the CIN is asked.
 */
export const trackingLink = (publicUrl: string, trackingCode: string) =>
  `${publicUrl.replace(/\/$/, '')}/t/${encodeURIComponent(trackingCode)}`;

/**
 * Every template file, read once: templates/<name>.yaml with an `ar`, `fr`, `en` and `zgh`
 * (Tamazight in Tifinagh) section; the `zgh` one says whether it still awaits review.
 */
export function loadTemplates(dir = DIR): Map<string, Record<Language, LocalizedTemplate>> {
  const all = new Map<string, Record<Language, LocalizedTemplate>>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const t = parse(readFileSync(join(dir, file), 'utf8')) as Record<Language, LocalizedTemplate>;
    for (const lang of LANGUAGES) {
      if (!t[lang]?.sms || !t[lang]?.subject || !t[lang]?.text) throw new Error(`template ${file} lacks ${lang}.sms, .subject or .text`);
    }
    if (typeof t.zgh.review !== 'boolean') throw new Error(`template ${file} lacks zgh.review (true until a native speaker checked it)`);
    all.set(file.slice(0, -'.yaml'.length), t);
  }
  return all;
}

const fill = (s: string, data: Record<string, string>) => s.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => data[k] ?? '');

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Who speaks when a message belongs to no annex (a sign-up code before the account has one). */
export const PLATFORM_NAME: Record<Language, string> = {
  ar: 'الإدارة الترابية',
  fr: 'Administration territoriale',
  en: 'Territorial administration',
  zgh: 'ⵜⴰⵏⴱⴹⴰ ⵜⴰⵎⵏⴰⴹⵜ',
};

/** The templates whose Tamazight still awaits a native speaker's review. */
export const unreviewedTemplates = (templates = loadTemplates()) => [...templates].filter(([, t]) => t.zgh.review).map(([name]) => name);

/** `sender`: the annex's name in the message's language (its header line). */
function html(lang: Language, subject: string, text: string, sender: string): string {
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  const paragraphs = text
    .trim()
    .split('\n')
    .map((l) => `<p style="margin:0 0 12px">${escapeHtml(l)}</p>`)
    .join('');
  return (
    `<!doctype html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:Arial,'Noto Naskh Arabic','Noto Sans Tifinagh',sans-serif;color:#1b1b1b;background:#f4f5f7;padding:16px">` +
    `<div style="max-width:560px;margin:auto;background:#fff;border-top:4px solid #c1272d;padding:20px">` +
    `<p style="font-weight:bold;margin:0 0 16px">${escapeHtml(sender)}</p>` +
    `${paragraphs}</div></body></html>`
  );
}

/**
 * Renders one template in one language. The SMS is kept within two segments: a free-text value
 * (the reason) is shortened with an ellipsis until it fits; the email carries it whole.
 */
export function render(
  templates: Map<string, Record<Language, LocalizedTemplate>>,
  name: string,
  lang: Language,
  data: Record<string, string>,
): RenderedMessage {
  const t = templates.get(name)?.[lang];
  if (!t) throw new Error(`no template ${name} in ${lang}`);
  const values: Record<string, string> = { ...data, annex: data.annex || PLATFORM_NAME[lang] };
  const subject = fill(t.subject, values);
  const text = fill(t.text, values);
  // The annex's own words in a Latin-script SMS stay GSM-7 (the email keeps them as written);
  // Arabic and Tifinagh are UCS-2 whatever the values.
  const smsValues =
    lang === 'ar' || lang === 'zgh'
      ? values
      : { ...values, ...Object.fromEntries(ANNEX_WORDS.filter((k) => values[k]).map((k) => [k, gsm7Plain(values[k])])) };
  return { sms: fitSms(t.sms, smsValues), subject, text, html: html(lang, subject, text, values.annexHeader || values.annex) };
}

/**
 * Free-text values shortened, in this order, until the SMS fits (the email keeps them whole).
 * Never the tracking link: a link cut short opens nothing.
 */
const ANNEX_WORDS = ['annex', 'address', 'hours'];

const SHORTENABLE = ['reason', 'procedure', 'agency', 'status', 'hours'];

function fitSms(template: string, data: Record<string, string>): string {
  const values = { ...data };
  let sms = fill(template, values);
  for (const key of SHORTENABLE) {
    const full = data[key] ?? '';
    for (let keep = full.length - 1; smsSize(sms).segments > MAX_SMS_SEGMENTS && keep >= 0; keep -= 4) {
      values[key] = keep > 0 ? `${full.slice(0, keep)}…` : '';
      sms = fill(template, values);
    }
  }
  return sms;
}
