import { hex, MM, PageWriter, Rgb } from './page-writer';
import { Family, FAMILIES, Line, Shaper, Span } from './text';

/**
 * The boxes both direct PDFs (certificate, receipt) are laid out with: paragraphs shaped and
 * broken to a width, then drawn at a place, with the fonts, sizes and line heights the HTML
 * templates' CSS gave (a line height in whole CSS pixels, as Chromium rounds it).
 */
export interface Style {
  family: Family;
  size: number;
  /** Line height, in em. */
  lh: number;
  rtl?: boolean;
  align?: 'start' | 'center';
  breakAll?: boolean;
}
export interface Laid {
  lines: Line[];
  height: number;
  style: Style;
}

export const INK = hex('#111111');
export const RED = hex('#c1272d');
/** A4 with the templates' margins (14 mm at the sides, 12 mm at the top). */
export const PAGE = { left: 14 * MM, right: 595.28 - 14 * MM, top: 12 * MM, bottom: 841.89 - 12 * MM };
export const WIDTH = PAGE.right - PAGE.left;

/** A line's height in points as Chromium lays it out: a whole number of CSS pixels (0.75 pt). */
export const lineHeight = (s: Style) => Math.round((s.lh * s.size) / 0.75) * 0.75;

export const FR = (size: number, lh = 1.5): Style => ({ family: 'fr', size, lh });
export const AR = (size: number, lh = 1.7): Style => ({ family: 'ar', size, lh, rtl: true });
export const ZGH = (size: number, lh = 1.5): Style => ({ family: 'zgh', size, lh, align: 'center' });

export type Paragraph = string | Span[] | null | undefined;

export class Layout {
  constructor(
    readonly s: Shaper,
    readonly w: PageWriter,
  ) {}

  /** Paragraphs (each a `<br>`-separated line of the template) broken to `width`. */
  lay(paragraphs: Paragraph[], style: Style, width: number): Laid {
    const lines = paragraphs
      .filter((p): p is string | Span[] => !!p && (typeof p !== 'string' || !!p.trim()))
      .flatMap((p) =>
        this.s.lines(typeof p === 'string' ? [{ text: p }] : p, style.family, style.size, !!style.rtl, width, style.breakAll),
      );
    return { lines, height: lines.length * lineHeight(style), style };
  }

  /** Line-height "normal" of a style's font: ascent + descent + gap, as the CSS default. */
  normal(family: Family): number {
    const f = this.s.fonts[FAMILIES[family][0]];
    return f.ascent + f.descent + f.lineGap;
  }

  draw(l: Laid, x: number, width: number, top: number, color: Rgb = INK): number {
    const { size } = l.style;
    const lh = lineHeight(l.style);
    const f = this.s.fonts[FAMILIES[l.style.family][0]];
    const half = (lh - (f.ascent + f.descent) * size) / 2;
    for (const [i, line] of l.lines.entries()) {
      const start = l.style.align === 'center' ? x + (width - line.width) / 2 : l.style.rtl ? x + width - line.width : x;
      this.w.text(line, start, top + i * lh + half + f.ascent * size, size, color);
    }
    return top + l.height;
  }
}
