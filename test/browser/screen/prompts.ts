/** Recorded prompts for the spoken-guidance specs (not a spec itself): a real WAV, uploaded and mapped. */
import assert from 'node:assert/strict';
import { api, BASE_URL, CHROMIUM } from '../support';
import { Browser, chromium } from 'playwright-core';

/** A `seconds`-long 440 Hz tone as 8 kHz 16-bit mono PCM WAV: something the audio element really plays. */
export function toneWav(seconds: number, freq = 440): Buffer {
  const rate = 8000;
  const samples = Math.round(rate * seconds);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * 8000), i * 2);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20); // PCM
  head.writeUInt16LE(1, 22); // mono
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36);
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

/** Uploads a recording as screen media and plays it for `step` in `lang`; answers its URL. */
export async function recordPrompt(admin: string, step: string, lang: string, seconds = 4): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([toneWav(seconds)], { type: 'audio/wav' }), `${step}-${lang}.wav`);
  const up = await fetch(`${BASE_URL}/api/v1/signage/media`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: form });
  assert.equal(up.status, 201, await up.clone().text());
  const { id, url } = (await up.json()) as { id: string; url: string };
  const set = await api(`/signage/prompts/${step}/${lang}`, { method: 'PUT', token: admin, body: { mediaId: id } });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  return url;
}

export async function removePrompt(admin: string, step: string, lang: string): Promise<void> {
  await api(`/signage/prompts/${step}/${lang}`, { method: 'DELETE', token: admin });
}

/** Chromium as a kiosk or display runs it: sound without a first touch. */
export function launchWithSound(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** What the shared prompt player is playing: its source (path) and whether it is paused. */
export async function promptPlayer(page: import('playwright-core').Page): Promise<{ src: string; paused: boolean } | null> {
  // The spec runs in Node (no DOM types): the page's objects are described by what is read of them.
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { src: string; paused: boolean } | null } }).document;
    const el = doc.querySelector('audio[data-prompt]');
    return el ? { src: new URL(el.src).pathname, paused: el.paused } : null;
  });
}

/** The demo annex's Tamazight name for the zgh specs (the seed leaves it unset). */
export const ANNEX_ZGH = 'ⵜⴰⵎⵔⵏⵉⵜ ⵜⵉⵙ 5 ⵏ ⴱⵔⴽⴰⵏ';

/** Sets (or clears, with null) the demo annex's Tamazight name; answers the annex id. */
export async function setAnnexZgh(admin: string, nameZgh: string | null): Promise<string> {
  const annexId = (await api<{ items: { id: string }[] }>('/annexes?limit=1', { token: admin })).body.items[0].id;
  const r = await api(`/annexes/${annexId}`, { method: 'PATCH', token: admin, body: { nameZgh } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return annexId;
}
