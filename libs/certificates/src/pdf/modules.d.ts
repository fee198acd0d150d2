// The two shaping libraries ship no TypeScript types: the little of them the renderer uses.
declare module 'harfbuzzjs' {
  export interface HbGlyph {
    /** glyph id */ g: number;
    /** cluster: UTF-16 offset of the glyph's first character in the buffer's text */ cl: number;
    ax: number;
    ay: number;
    dx: number;
    dy: number;
  }
  export interface HbBuffer {
    addText(text: string): void;
    guessSegmentProperties(): void;
    setDirection(d: 'ltr' | 'rtl'): void;
    json(): HbGlyph[];
    destroy(): void;
  }
  export interface HbFont {
    destroy(): void;
  }
  export interface Hb {
    createBlob(bytes: Uint8Array): { destroy(): void };
    createFace(blob: unknown, index: number): { upem: number; destroy(): void };
    createFont(face: unknown): HbFont;
    createBuffer(): HbBuffer;
    shape(font: HbFont, buffer: HbBuffer, features?: string): void;
  }
  const hb: Promise<Hb>;
  export = hb;
}

declare module 'bidi-js' {
  interface Bidi {
    getEmbeddingLevels(
      text: string,
      direction?: 'ltr' | 'rtl' | 'auto',
    ): { levels: Uint8Array; paragraphs: { start: number; end: number; level: number }[] };
  }
  function bidiFactory(): Bidi;
  export = bidiFactory;
}
