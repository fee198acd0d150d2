import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString } from 'pdf-lib';
import * as QRCode from 'qrcode';
import { FontKey, Line, Shaper } from './text';

export type Rgb = [number, number, number];
export const hex = (h: string): Rgb => [
  parseInt(h.slice(1, 3), 16) / 255,
  parseInt(h.slice(3, 5), 16) / 255,
  parseInt(h.slice(5, 7), 16) / 255,
];
export const MM = 72 / 25.4;
const n = (x: number) => (Math.round(x * 100) / 100).toString();
const color = (c: Rgb, op: 'rg' | 'RG') => `${c.map(n).join(' ')} ${op}`;
const utf16 = (s: string) => Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase();

/**
 * One A4 page written as PDF operators with top-left coordinates in points (as the CSS layout
 * thinks). Each font is embedded once per document as a Type 0 / CIDFontType2 font, cut by
 * HarfBuzz's subsetter to the glyphs HarfBuzz chose, with a ToUnicode map from each glyph's cluster text, so pdftotext and copy-paste read the words.
 * pdf-lib only assembles the objects (its own embedder would parse each font again per document).
 */
export class PageWriter {
  /** Per font: character ids in order of use, one per (glyph, text) pair (cid 0 is .notdef). */
  private readonly fonts = new Map<
    FontKey,
    { ref: PDFRef; name: string; cids: Map<string, number>; glyphs: { gid: number; text: string; width: number }[] }
  >();
  /** The pages before the current one, each its operators. */
  private readonly done: string[][] = [];
  private ops: string[] = [];
  private readonly height = 841.89;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly shaper: Shaper,
  ) {}

  static async create(shaper: Shaper, title: string): Promise<PageWriter> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.setTitle(title);
    doc.setProducer('annex certificates');
    return new PageWriter(doc, shaper);
  }

  private font(key: FontKey) {
    let f = this.fonts.get(key);
    if (!f)
      this.fonts.set(
        key,
        (f = {
          ref: this.doc.context.nextRef(),
          name: `F${this.fonts.size + 1}`,
          cids: new Map(),
          glyphs: [{ gid: 0, text: '', width: 0 }],
        }),
      );
    return f;
  }

  private y(top: number): number {
    return this.height - top;
  }

  /** A shaped line with its start at x and its baseline at `baseline` (from the top). */
  text(line: Line, x: number, baseline: number, size: number, c: Rgb): void {
    const ops = [`q ${color(c, 'rg')} BT`];
    let current: FontKey | undefined;
    for (const [i, g] of line.glyphs.entries()) {
      const f = this.font(g.font);
      if (g.font !== current) ops.push(`/${f.name} ${n(size)} Tf`);
      current = g.font;
      // A glyph stands for different text in different places (a cluster's first glyph, or a
      // piece of one) and HarfBuzz may give it another advance than its default: each use gets
      // its own character id (text, width), mapped to the same glyph, so text extraction sees
      // the words' real spacing.
      const font = this.shaper.fonts[g.font];
      // A glyph HarfBuzz moved along (an Arabic letter's cursive offset) leaves a gap after the one
      // before it, and so does a glyph standing for no text of its own (a piece of a ligature):
      // text extraction reads either as a space inside the word. Each glyph's width reaches the
      // start of the next glyph that carries text.
      const next = line.glyphs.slice(i + 1).find((o) => o.text);
      const reach = next ? (next.x - g.x) / size : 0;
      const width = Math.round(Math.max(g.advance / size, font.width(g.gid) / font.upem, reach) * 1000);
      const key = `${g.gid}:${width}:${g.text}`;
      let cid = f.cids.get(key);
      if (cid === undefined) f.cids.set(key, (cid = f.glyphs.push({ gid: g.gid, text: g.text, width }) - 1));
      ops.push(`1 0 0 1 ${n(x + g.x)} ${n(this.y(baseline) + g.y)} Tm <${cid.toString(16).padStart(4, '0')}> Tj`);
    }
    ops.push('ET Q');
    this.ops.push(ops.join('\n'));
  }

  /** Ends the page: what is drawn next goes on a new one (coordinates from its top again). */
  newPage(): void {
    this.done.push(this.ops);
    this.ops = [];
  }

  rect(x: number, top: number, w: number, h: number, c: Rgb): void {
    this.ops.push(`q ${color(c, 'rg')} ${n(x)} ${n(this.y(top + h))} ${n(w)} ${n(h)} re f Q`);
  }

  stroke(x: number, top: number, w: number, h: number, width: number, c: Rgb): void {
    this.ops.push(`q ${color(c, 'RG')} ${n(width)} w ${n(x)} ${n(this.y(top + h))} ${n(w)} ${n(h)} re S Q`);
  }

  dashed(x1: number, x2: number, top: number, width: number, c: Rgb): void {
    this.ops.push(
      `q ${color(c, 'RG')} ${n(width)} w [${n(3 * width)} ${n(3 * width)}] 0 d ${n(x1)} ${n(this.y(top))} m ${n(x2)} ${n(this.y(top))} l S Q`,
    );
  }

  /** The QR code of `data` as filled squares (a margin of one module, as the SVG had). */
  qr(data: string, x: number, top: number, size: number): void {
    // The same options as the SVG the Chromium template drew: the same modules, module for module.
    const m = QRCode.create(data, { errorCorrectionLevel: 'M' }).modules;
    const cell = size / (m.size + 2);
    const ops = ['q 0 g'];
    for (let r = 0; r < m.size; r++) {
      for (let c = 0; c < m.size; c++)
        if (m.get(r, c)) ops.push(`${n(x + (c + 1) * cell)} ${n(this.y(top + (r + 2) * cell))} ${n(cell)} ${n(cell)} re`);
    }
    ops.push('f Q');
    this.ops.push(ops.join('\n'));
  }

  private stream(bytes: Uint8Array, extra: Record<string, unknown> = {}): PDFRef {
    const ctx = this.doc.context;
    const body = deflateSync(bytes);
    return ctx.register(PDFRawStream.of(ctx.obj({ Filter: 'FlateDecode', Length: body.length, ...extra }) as PDFDict, body));
  }

  private embed(key: FontKey, ref: PDFRef, glyphs: { gid: number; text: string; width: number }[]): void {
    const ctx = this.doc.context;
    const font = this.shaper.fonts[key];
    const gids = [...new Set(glyphs.map((g) => g.gid))].sort((a, b) => a - b);
    const file = this.shaper.subsetter.subset(font.key, font.bytes, gids);
    // The subset tag: six capitals from the glyph set, so the same glyphs give the same name.
    const tag = [...createHash('sha256').update(gids.join(',')).digest().subarray(0, 6)]
      .map((b) => String.fromCharCode(65 + (b % 26)))
      .join('');
    const name = `${tag}+${font.pdf.postscriptName}`;
    const k = 1000 / font.upem;
    const descriptor = ctx.register(
      ctx.obj({
        Type: 'FontDescriptor',
        FontName: name,
        Flags: (font.pdf.serif ? 2 : 0) | 4,
        FontBBox: font.pdf.bbox.map((v) => Math.round(v * k)),
        ItalicAngle: font.pdf.italicAngle,
        Ascent: Math.round(font.ascent * 1000),
        Descent: Math.round(-font.descent * 1000),
        CapHeight: Math.round(font.pdf.capHeight * k),
        StemV: 80,
        FontFile2: this.stream(file, { Length1: file.length }),
      }),
    );
    const widths = PDFArray.withContext(ctx);
    widths.push(PDFNumber.of(1));
    widths.push(ctx.obj(glyphs.slice(1).map((g) => g.width)));
    const cidToGid = Buffer.alloc(glyphs.length * 2);
    glyphs.forEach((g, cid) => cidToGid.writeUInt16BE(g.gid, cid * 2));
    const cid = ctx.register(
      ctx.obj({
        Type: 'Font',
        Subtype: 'CIDFontType2',
        BaseFont: name,
        // Literal strings (ctx.obj makes plain strings names).
        CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
        FontDescriptor: descriptor,
        W: widths,
        CIDToGIDMap: this.stream(cidToGid),
      }),
    );
    const cmap = [
      '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange',
    ];
    const mapped = [...glyphs.entries()].filter(([, g]) => g.text);
    for (let i = 0; i < mapped.length; i += 100) {
      const chunk = mapped.slice(i, i + 100);
      cmap.push(
        `${chunk.length} beginbfchar`,
        ...chunk.map(([cid, g]) => `<${cid.toString(16).padStart(4, '0')}> <${utf16(g.text)}>`),
        'endbfchar',
      );
    }
    cmap.push('endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend');
    ctx.assign(
      ref,
      ctx.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: name,
        Encoding: 'Identity-H',
        DescendantFonts: [cid],
        ToUnicode: this.stream(Buffer.from(cmap.join('\n'))),
      }),
    );
  }

  async save(): Promise<Buffer> {
    const ctx = this.doc.context;
    const fonts = ctx.obj({});
    for (const [key, f] of this.fonts) {
      this.embed(key, f.ref, f.glyphs);
      fonts.set(PDFName.of(f.name), f.ref);
    }
    for (const ops of [...this.done, this.ops]) {
      const page = this.doc.addPage([595.28, this.height]);
      page.node.set(PDFName.of('Resources'), ctx.obj({ Font: fonts }));
      page.node.set(PDFName.of('Contents'), this.stream(Buffer.from(ops.join('\n'), 'latin1')));
    }
    return Buffer.from(await this.doc.save({ useObjectStreams: false, addDefaultPage: false }));
  }
}
