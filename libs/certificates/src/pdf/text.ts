import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import bidiFactory from 'bidi-js';
import { PDF_FONT_FILES } from '@app/core';
import hbReady, { Hb, HbFont } from 'harfbuzzjs';
import { Subsetter } from './subsetter';

/**
 * Text for the direct PDF: Unicode bidi (UAX #9, bidi-js) splits a paragraph into directional
 * runs, each run goes to the first font of its family that has its characters, HarfBuzz shapes it
 * (joined Arabic letters, marks, ligatures, kerning), lines break at spaces and each line's runs
 * are put in visual order. Fonts are Debian's (fonts-noto-core, fonts-hosny-amiri), the ones the
 * HTML templates name: the files under FONTS_DIR, listed with the start-up check that looks for them.
 */
export const FONT_FILES = PDF_FONT_FILES;
export type FontKey = keyof typeof FONT_FILES;

/** Font fallback lists, as the template's CSS `font-family` stacks. */
export const FAMILIES = {
  fr: ['serif', 'amiri', 'tifinagh'],
  frBold: ['serifBold', 'amiriBold', 'tifinagh'],
  ar: ['amiri', 'naskh', 'tifinagh', 'serif'],
  arBold: ['amiriBold', 'naskh', 'tifinagh', 'serifBold'],
  zgh: ['tifinagh', 'serif'],
  mono: ['mono', 'serif'],
} satisfies Record<string, FontKey[]>;
export type Family = keyof typeof FAMILIES;

export interface LoadedFont {
  key: FontKey;
  bytes: Uint8Array;
  hb: HbFont;
  upem: number;
  /** Ascender and descender (positive), in em, as Chromium takes them (hhea). */
  ascent: number;
  descent: number;
  lineGap: number;
  has(cp: number): boolean;
  /** What a PDF font descriptor says of it, read once. */
  pdf: { postscriptName: string; bbox: [number, number, number, number]; italicAngle: number; capHeight: number; serif: boolean };
  /** A glyph's advance in font units (hmtx). */
  width(gid: number): number;
}

/** One shaped glyph, placed on its line: x and y offsets in points from the line's start and baseline. */
export interface PlacedGlyph {
  font: FontKey;
  gid: number;
  x: number;
  y: number;
  /** Its advance as shaped, in points. */
  advance: number;
  /** The characters this glyph stands for (its cluster's first glyph), for copy and search. */
  text: string;
}
export interface Line {
  glyphs: PlacedGlyph[];
  width: number;
}
export interface Span {
  text: string;
  bold?: boolean;
}

const loaded = new Map<string, Promise<Shaper>>();
/** The shaper of a fonts folder, loaded once per process (fonts parsed, HarfBuzz instantiated); a failed load is tried again next time. */
export function shaper(fontsDir: string): Promise<Shaper> {
  let s = loaded.get(fontsDir);
  if (!s) {
    s = Promise.all([hbReady, Subsetter.load()]).then(([hb, sub]) => new Shaper(hb, sub, fontsDir));
    s.catch(() => loaded.delete(fontsDir));
    loaded.set(fontsDir, s);
  }
  return s;
}

const bidi = bidiFactory();

export class Shaper {
  readonly fonts: Record<FontKey, LoadedFont>;

  constructor(
    private readonly hb: Hb,
    readonly subsetter: Subsetter,
    fontsDir: string,
  ) {
    this.fonts = Object.fromEntries(
      (Object.keys(FONT_FILES) as FontKey[]).map((key) => {
        const bytes = new Uint8Array(readFileSync(join(fontsDir, FONT_FILES[key])));
        const face = hb.createFace(hb.createBlob(bytes), 0);
        const fk = fontkit.create(bytes);
        const cache = new Map<number, boolean>();
        const widths = new Map<number, number>();
        const font: LoadedFont = {
          key,
          bytes,
          hb: hb.createFont(face),
          upem: face.upem,
          ascent: fk.ascent / fk.unitsPerEm,
          descent: -fk.descent / fk.unitsPerEm,
          lineGap: fk.lineGap / fk.unitsPerEm,
          has: (cp) => {
            let v = cache.get(cp);
            if (v === undefined) cache.set(cp, (v = fk.hasGlyphForCodePoint(cp)));
            return v;
          },
          pdf: {
            postscriptName: fk.postscriptName ?? key,
            bbox: [fk.bbox.minX, fk.bbox.minY, fk.bbox.maxX, fk.bbox.maxY],
            italicAngle: fk.italicAngle,
            capHeight: fk.capHeight || fk.ascent,
            serif: !/Sans|Mono/.test(fk.postscriptName ?? key),
          },
          width: (gid) => {
            let v = widths.get(gid);
            if (v === undefined) widths.set(gid, (v = fk.getGlyph(gid).advanceWidth));
            return v;
          },
        };
        return [key, font];
      }),
    ) as Record<FontKey, LoadedFont>;
  }

  /** The font of a character: the first of the family that has it (spaces and marks follow their neighbour). */
  private fontFor(family: FontKey[], cp: number): FontKey {
    return family.find((k) => this.fonts[k].has(cp)) ?? family[0];
  }

  /**
   * A paragraph broken into lines no wider than `maxWidth` points (a word longer than the line
   * stays whole, unless `breakAll`: then any character may end a line), each line's glyphs in
   * visual order from x = 0.
   */
  lines(spans: Span[], family: Family, size: number, rtl: boolean, maxWidth = Infinity, breakAll = false): Line[] {
    const text = spans.map((s) => s.text).join('');
    if (!text) return [];
    const bold: boolean[] = [];
    for (const s of spans) for (let i = 0; i < s.text.length; i++) bold.push(!!s.bold);
    const { levels } = bidi.getEmbeddingLevels(text, rtl ? 'rtl' : 'ltr');
    // Per character: its font; neutral characters (spaces, punctuation) keep the font before them.
    const fontOf: FontKey[] = [];
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      const fam = FAMILIES[(bold[i] ? `${family}Bold` : family) as Family] ?? FAMILIES[family];
      const neutral = /[\s\u064B-\u065F\u0670]/.test(text[i]) && i > 0;
      fontOf.push(neutral && this.fonts[fontOf[i - 1]].has(cp) ? fontOf[i - 1] : this.fontFor(fam, cp));
      if (cp > 0xffff) fontOf.push(fontOf[i++]);
    }
    // Logical runs of one level and one font, shaped; each glyph keeps its cluster's text index.
    interface G {
      font: FontKey;
      gid: number;
      adv: number;
      dx: number;
      dy: number;
      index: number;
      text: string;
      level: number;
    }
    const shaped: G[][] = [];
    const advance = new Float64Array(text.length);
    for (let start = 0; start < text.length;) {
      let end = start + 1;
      while (end < text.length && levels[end] === levels[start] && fontOf[end] === fontOf[start]) end++;
      const f = this.fonts[fontOf[start]];
      const scale = size / f.upem;
      const buf = this.hb.createBuffer();
      buf.addText(text.slice(start, end));
      buf.guessSegmentProperties();
      buf.setDirection(levels[start] % 2 ? 'rtl' : 'ltr');
      this.hb.shape(f.hb, buf);
      const out = buf.json();
      buf.destroy();
      const clusters = [...new Set(out.map((g) => g.cl))].sort((a, b) => a - b);
      const seen = new Set<number>();
      shaped.push(
        out.map((g) => {
          const next = clusters.find((c) => c > g.cl) ?? end - start;
          const first = !seen.has(g.cl);
          seen.add(g.cl);
          advance[start + g.cl] += g.ax * scale;
          return {
            font: f.key,
            gid: g.g,
            adv: g.ax * scale,
            dx: g.dx * scale,
            dy: g.dy * scale,
            index: start + g.cl,
            text: first ? text.slice(start + g.cl, start + next) : '',
            level: levels[start],
          };
        }),
      );
      start = end;
    }
    // Greedy breaks after spaces, on the logical text.
    const breaks: [number, number][] = [];
    let lineStart = 0;
    let width = 0;
    let wordStart = 0;
    let wordWidth = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || text[i] === '\n' || (i > 0 && (breakAll || (text[i - 1] === ' ' && text[i] !== ' ')))) {
        const trimmed = wordWidth - (text[i - 1] === ' ' ? advance[i - 1] : 0);
        if (width > 0 && width + trimmed > maxWidth) {
          breaks.push([lineStart, wordStart]);
          lineStart = wordStart;
          width = 0;
        }
        width += wordWidth;
        wordStart = i;
        wordWidth = 0;
        if (text[i] === '\n') {
          breaks.push([lineStart, i]);
          lineStart = wordStart = i + 1;
          width = 0;
          continue;
        }
      }
      if (i < text.length) wordWidth += advance[i];
    }
    if (lineStart < text.length) breaks.push([lineStart, text.length]);
    return breaks.map(([s, e]) => {
      while (e > s && /\s/.test(text[e - 1])) e--;
      // The line's pieces of each run, in logical order, then reversed by level (UAX #9, L2).
      const pieces = shaped.map((run) => run.filter((g) => g.index >= s && g.index < e)).filter((p) => p.length);
      const maxLevel = Math.max(...pieces.map((p) => p[0].level));
      const lowestOdd = Math.min(...pieces.map((p) => p[0].level).filter((l) => l % 2), maxLevel + 1);
      for (let level = maxLevel; level >= lowestOdd; level--) {
        for (let i = 0; i < pieces.length;) {
          if (pieces[i][0].level < level) {
            i++;
            continue;
          }
          let j = i;
          while (j < pieces.length && pieces[j][0].level >= level) j++;
          pieces.splice(i, j - i, ...pieces.slice(i, j).reverse());
          i = j;
        }
      }
      let x = 0;
      const glyphs: PlacedGlyph[] = [];
      for (const g of pieces.flat()) {
        glyphs.push({ font: g.font, gid: g.gid, x: x + g.dx, y: g.dy, advance: g.adv, text: g.text });
        x += g.adv;
      }
      return { glyphs, width: x };
    });
  }
}
