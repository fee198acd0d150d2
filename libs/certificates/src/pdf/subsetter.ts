import { readFileSync } from 'node:fs';

/**
 * Font subsets cut by HarfBuzz's subsetter (hb-subset.wasm from harfbuzzjs): fontkit's own subsetter,
 * pdf-lib's default, loses Amiri's composite Arabic glyphs. Glyph ids are kept (RETAIN_GIDS), so
 * the ids HarfBuzz shaped with are the PDF's character ids; layout tables are dropped (the PDF
 * carries positioned glyphs, not text to shape).
 */
interface HbSubsetExports {
  memory: { buffer: ArrayBuffer };
  malloc(n: number): number;
  free(p: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(b: number): void;
  hb_blob_get_data(b: number, length: number): number;
  hb_blob_get_length(b: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(f: number): void;
  hb_face_reference_blob(f: number): number;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(i: number): void;
  hb_subset_input_glyph_set(i: number): number;
  hb_subset_input_set(i: number, which: number): number;
  hb_subset_input_set_flags(i: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
  hb_set_add(set: number, value: number): void;
}

const RETAIN_GIDS = 0x2;
const NO_HINTING = 0x1;
const DROP_TABLE_TAG = 3;
const DROPPED = ['GSUB', 'GPOS', 'GDEF', 'DSIG', 'kern', 'morx', 'JSTF', 'MATH'];
const tag = (t: string) => ((t.charCodeAt(0) << 24) | (t.charCodeAt(1) << 16) | (t.charCodeAt(2) << 8) | t.charCodeAt(3)) >>> 0;

export class Subsetter {
  private readonly faces = new Map<string, number>();

  private constructor(private readonly hb: HbSubsetExports) {}

  static async load(): Promise<Subsetter> {
    const wasm = readFileSync(require.resolve('harfbuzzjs/hb-subset.wasm'));
    // Node's global WebAssembly (the project's TypeScript lib has no DOM types).
    const wa = (globalThis as unknown as { WebAssembly: { instantiate(b: Buffer): Promise<{ instance: { exports: unknown } }> } })
      .WebAssembly;
    const { instance } = await wa.instantiate(wasm);
    return new Subsetter(instance.exports as unknown as HbSubsetExports);
  }

  private face(path: string, bytes: Uint8Array): number {
    let face = this.faces.get(path);
    if (face === undefined) {
      const ptr = this.hb.malloc(bytes.byteLength);
      new Uint8Array(this.hb.memory.buffer).set(bytes, ptr);
      const blob = this.hb.hb_blob_create(ptr, bytes.byteLength, 2, 0, 0);
      face = this.hb.hb_face_create(blob, 0);
      this.hb.hb_blob_destroy(blob);
      this.faces.set(path, face);
    }
    return face;
  }

  /** A TrueType font holding only `glyphs` (their ids unchanged). */
  subset(path: string, bytes: Uint8Array, glyphs: Iterable<number>): Uint8Array {
    const hb = this.hb;
    const input = hb.hb_subset_input_create_or_fail();
    if (!input) throw new Error('hb_subset_input_create_or_fail');
    try {
      const set = hb.hb_subset_input_glyph_set(input);
      for (const g of glyphs) hb.hb_set_add(set, g);
      const drop = hb.hb_subset_input_set(input, DROP_TABLE_TAG);
      for (const t of DROPPED) hb.hb_set_add(drop, tag(t));
      hb.hb_subset_input_set_flags(input, RETAIN_GIDS | NO_HINTING);
      const out = hb.hb_subset_or_fail(this.face(path, bytes), input);
      if (!out) throw new Error(`could not subset ${path}`);
      const blob = hb.hb_face_reference_blob(out);
      try {
        const at = hb.hb_blob_get_data(blob, 0);
        const length = hb.hb_blob_get_length(blob);
        if (!length) throw new Error(`empty subset of ${path}`);
        return new Uint8Array(hb.memory.buffer, at, length).slice();
      } finally {
        hb.hb_blob_destroy(blob);
        hb.hb_face_destroy(out);
      }
    } finally {
      hb.hb_subset_input_destroy(input);
    }
  }
}
