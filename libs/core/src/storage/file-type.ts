/**
 * The one magic-byte detector for every file the annex accepts (documents, photos, screen media,
 * spoken prompts). Each upload room says which of these types it takes (see UploadRule).
 */
export const FILE_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'video/mp4',
  'video/webm',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
] as const;
export type FileType = (typeof FILE_TYPES)[number];

/** How many leading bytes the detector reads. */
export const SNIFF_BYTES = 16;

/** What a file really is, from its first bytes; the name and the declared mime type are not trusted. */
export function detectFileType(h: Buffer): FileType | null {
  const at = (offset: number, bytes: number[]) => h.length >= offset + bytes.length && bytes.every((b, i) => h[offset + i] === b);
  if (at(0, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp'; // RIFF....WEBP
  if (at(4, [0x66, 0x74, 0x79, 0x70])) return 'video/mp4'; // ....ftyp
  if (at(0, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm'; // EBML
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x41, 0x56, 0x45])) return 'audio/wav'; // RIFF....WAVE
  if (at(0, [0x4f, 0x67, 0x67, 0x53])) return 'audio/ogg'; // OggS
  // An ID3 tag, or an MPEG audio frame sync (11 set bits; JPEG's FF D8 was matched above).
  if (at(0, [0x49, 0x44, 0x33]) || (h.length >= 2 && h[0] === 0xff && (h[1] & 0xe0) === 0xe0)) return 'audio/mpeg';
  return null;
}

const BY_EXTENSION: Record<string, FileType> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  wav: 'audio/wav',
};

/**
 * Why a file whose content is `detected` is refused for what its name or declared type claims, or
 * null. A name or declared type that claims one of our types must claim the one the content is
 * (a PNG named `scan.pdf` never reaches an agent as a PDF); `application/octet-stream` and types we
 * do not know claim nothing. With `knownExtensionsOnly`, a name with any other extension is refused.
 */
export function claimProblem(
  detected: FileType,
  fileName: string,
  declaredType: string | undefined,
  knownExtensionsOnly = false,
): string | null {
  const ext = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext !== undefined) {
    const claimed = BY_EXTENSION[ext];
    if (!claimed && knownExtensionsOnly) return `a .${ext} file is not accepted`;
    if (claimed && claimed !== detected) return `the name says ${claimed} but the content is ${detected}`;
  }
  const declared = declaredType?.split(';')[0].trim().toLowerCase();
  if (declared && (FILE_TYPES as readonly string[]).includes(declared) && declared !== detected)
    return `the declared type is ${declared} but the content is ${detected}`;
  return null;
}

/** A display name safe to store and to echo in a Content-Disposition header. */
export function safeFileName(name: string | undefined, fallback = 'document'): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = Array.from(base)
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && ch !== '"')
    .join('')
    .trim()
    .slice(0, 200);
  return clean || fallback;
}
