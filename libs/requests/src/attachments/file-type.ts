export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

const SIGNATURES: { type: AttachmentType; bytes: number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/** The type a file really is, from its first bytes; the name and declared mime type are not trusted. */
export function detectType(data: Buffer): AttachmentType | null {
  return SIGNATURES.find((s) => data.length >= s.bytes.length && s.bytes.every((b, i) => data[i] === b))?.type ?? null;
}

const BY_EXTENSION: Record<string, AttachmentType> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };

/**
 * Why a file is refused, or null: its content must be a PDF, JPEG or PNG, and a name that claims
 * a type (`scan.pdf`) must claim the one the content is, so a disguised file never reaches an agent.
 */
export function typeProblem(detected: AttachmentType | null, fileName: string): string | null {
  if (!detected) return 'only PDF, JPEG and PNG documents are accepted (checked from the content)';
  const ext = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === undefined) return null;
  const claimed = BY_EXTENSION[ext];
  if (!claimed) return `a .${ext} file is not accepted`;
  return claimed === detected ? null : `the name says ${claimed} but the content is ${detected}`;
}

/** A display name safe to store and to echo in a Content-Disposition header. */
export function safeFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = Array.from(base)
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && ch !== '"')
    .join('')
    .trim()
    .slice(0, 200);
  return clean || 'document';
}
