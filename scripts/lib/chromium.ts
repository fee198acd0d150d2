import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chromium runs the browser tests (and renders the certificate's reference image); poppler's
 * tools check the PDFs. Not a runtime dependency: the API and the worker draw PDFs without it. Debian's packages (never a downloaded browser): installed here when running as root.
 */
export function ensureChromium(): void {
  const missing = () => !existsSync(CHROMIUM) || spawnSync('sh', ['-c', 'command -v pdftoppm']).status !== 0;
  if (!missing()) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    process.stdout.write('installing Debian chromium, Arabic fonts and poppler-utils…\n');
    execFileSync(
      'sh',
      [
        '-c',
        'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core fonts-hosny-amiri poppler-utils >/dev/null',
      ],
      {
        stdio: 'inherit',
      },
    );
  }
  if (missing()) {
    throw new Error(
      `Chromium (${CHROMIUM}) and pdftoppm are needed: on Debian/Ubuntu run apt-get install chromium fonts-hosny-amiri poppler-utils, or set CHROMIUM_PATH`,
    );
  }
}
