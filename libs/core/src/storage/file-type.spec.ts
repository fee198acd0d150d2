import { claimProblem, detectFileType, FILE_TYPES, FileType, safeFileName } from './file-type';

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

/** The first bytes of a real file of each accepted type. */
const SAMPLES: Record<FileType, Buffer> = {
  'application/pdf': bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'),
  'image/png': bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR'),
  'image/jpeg': bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0'),
  'image/webp': bytes('RIFF', [0x24, 0x08, 0, 0], 'WEBPVP8 '),
  'video/mp4': bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0]),
  'video/webm': bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]),
  'audio/mpeg': bytes('ID3', [4, 0, 0, 0, 0, 0, 0x23]),
  'audio/ogg': bytes('OggS', [0, 2, 0, 0, 0, 0, 0, 0, 0, 0]),
  'audio/wav': bytes('RIFF', [0x24, 0x08, 0, 0], 'WAVEfmt '),
};

describe('file type from content', () => {
  it.each(FILE_TYPES.map((t) => [t]))('recognises %s from its first bytes', (type) => {
    expect(detectFileType(SAMPLES[type])).toBe(type);
  });

  it('recognises an MP3 without ID3 tag by its frame sync, and nothing else', () => {
    expect(detectFileType(bytes([0xff, 0xfb, 0x90, 0x64]))).toBe('audio/mpeg');
    for (const other of ['GIF89a', 'MZ\x90\0', 'PK\x03\x04', '%PD', 'RIFF\0\0\0\0AVI ', '<svg xmlns=', ''])
      expect(detectFileType(bytes(other))).toBeNull();
    // Truncated signatures are not the type.
    expect(detectFileType(SAMPLES['image/png'].subarray(0, 7))).toBeNull();
    expect(detectFileType(SAMPLES['image/webp'].subarray(0, 10))).toBeNull();
  });

  it('refuses a spoofed name: a PNG named .pdf, a PDF named .jpg', () => {
    expect(claimProblem('image/png', 'scan.pdf', undefined)).toBe('the name says application/pdf but the content is image/png');
    expect(claimProblem('application/pdf', 'scan.JPG', undefined)).toMatch(/name says image\/jpeg/);
    expect(claimProblem('audio/wav', 'prompt.mp3', undefined)).toMatch(/name says audio\/mpeg/);
    expect(claimProblem('image/jpeg', 'photo.JPEG', 'image/jpeg')).toBeNull();
    expect(claimProblem('image/png', 'no-extension', undefined)).toBeNull();
  });

  it('refuses a spoofed declared content type, and ignores types that claim nothing', () => {
    expect(claimProblem('image/png', 'scan.png', 'application/pdf')).toBe(
      'the declared type is application/pdf but the content is image/png',
    );
    expect(claimProblem('video/webm', 'clip', 'video/mp4; codecs=avc1')).toMatch(/declared type is video\/mp4/);
    expect(claimProblem('image/png', 'scan.png', 'application/octet-stream')).toBeNull();
    expect(claimProblem('audio/wav', 'bip.wav', 'audio/x-wav')).toBeNull();
  });

  it('refuses an unknown extension only where the room asks for known ones', () => {
    expect(claimProblem('application/pdf', 'scan.exe', undefined, true)).toBe('a .exe file is not accepted');
    expect(claimProblem('video/mp4', 'clip.mov', undefined)).toBeNull();
  });

  it('keeps a safe display name', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\a\\"facture"\u0007.pdf')).toBe('facture.pdf');
    expect(safeFileName(undefined)).toBe('document');
  });
});
