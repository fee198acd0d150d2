import { detectType, safeFileName, typeProblem } from './file-type';

describe('attachment type from content', () => {
  const pdf = Buffer.from('%PDF-1.7\n');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0]);

  it('recognises PDF, PNG and JPEG by their first bytes only', () => {
    expect([pdf, png, jpeg].map(detectType)).toEqual(['application/pdf', 'image/png', 'image/jpeg']);
    expect(detectType(Buffer.from('GIF89a'))).toBeNull();
    expect(detectType(Buffer.from('%PD'))).toBeNull();
  });

  it('refuses a name that claims another type, or an unaccepted extension', () => {
    expect(typeProblem('image/png', 'scan.pdf')).toMatch(/content is image\/png/);
    expect(typeProblem('application/pdf', 'scan.exe')).toMatch(/\.exe/);
    expect(typeProblem('image/jpeg', 'photo.JPEG')).toBeNull();
    expect(typeProblem('image/png', 'no-extension')).toBeNull();
    expect(typeProblem(null, 'x.pdf')).toMatch(/only PDF/);
  });

  it('keeps a safe display name', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\a\\"facture"\u0007.pdf')).toBe('facture.pdf');
    expect(safeFileName(undefined)).toBe('document');
  });
});
