import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';

const NOTO = 'truetype/noto';
const AMIRI = 'opentype/fonts-hosny-amiri';
/**
 * The font files certificate and receipt PDFs embed, under FONTS_DIR (Debian's /usr/share/fonts:
 * fonts-noto-core, fonts-hosny-amiri, fonts-dejavu-core). The renderer (libs/certificates/src/pdf)
 * loads them; the start-up check and readiness look for them here.
 */
export const PDF_FONT_FILES = {
  serif: `${NOTO}/NotoSerif-Regular.ttf`,
  serifBold: `${NOTO}/NotoSerif-Bold.ttf`,
  amiri: `${AMIRI}/Amiri-Regular.ttf`,
  amiriBold: `${AMIRI}/Amiri-Bold.ttf`,
  naskh: `${NOTO}/NotoNaskhArabic-Regular.ttf`,
  tifinagh: `${NOTO}/NotoSansTifinagh-Regular.ttf`,
  mono: 'truetype/dejavu/DejaVuSansMono.ttf',
} as const;

/** The font files missing or unreadable under `fontsDir` (empty: PDFs can be drawn). */
export async function missingPdfFonts(fontsDir: string): Promise<string[]> {
  const files = Object.values(PDF_FONT_FILES);
  const ok = await Promise.all(
    files.map((f) =>
      access(join(fontsDir, f), constants.R_OK).then(
        () => true,
        () => false,
      ),
    ),
  );
  return files.filter((_, i) => !ok[i]);
}
