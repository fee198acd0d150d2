import { defineConfig, Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse } from '@formatjs/icu-messageformat-parser';
import { FALLBACK, untranslated } from './src/lang-fallback';
import { catalogueText } from './src/messages/catalogue';

/**
 * The message catalogues (`src/messages/<lang>.json`, any language) are compiled to the ICU AST at
 * build time, and react-intl runs without its message parser (its `no-parser` build): a phone
 * downloads neither the parser nor strings to parse. Only the libraries' own import of the parser
 * is swapped; a source file that imports it on purpose (the display screen's texts) keeps it, in
 * its own chunk.
 */
const KIT_MESSAGES = fileURLToPath(new URL('../../libs/web-kit/src/messages', import.meta.url));

function precompiledMessages(): Plugin {
  const noParser = createRequire(import.meta.url).resolve('@formatjs/icu-messageformat-parser/no-parser.js');
  const catalogue = /[\\/]src[\\/]messages[\\/][\w-]+\.json$/;
  return {
    name: 'annex:precompiled-messages',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (source !== '@formatjs/icu-messageformat-parser' || !importer?.includes('node_modules')) return null;
      return (await this.resolve(noParser, importer, { ...options, skipSelf: true })) ?? noParser;
    },
    load(id) {
      if (!catalogue.test(id)) return null;
      const read = (file: string) => catalogueText(JSON.parse(readFileSync(file, 'utf8')));
      const messages = read(id);
      // A language still being translated (Tamazight) shows what it lacks in its fallback, marked.
      const lang = id.replace(/^.*[\\/]|\.json$/g, '');
      const fallback = FALLBACK[lang];
      // The kit's shared strings are the app's too: its own language file lacks them, so they are
      // marked from the kit's fallback catalogue as well, never shown unmarked in French.
      if (fallback) {
        for (const dir of [dirname(id), KIT_MESSAGES]) {
          for (const [k, v] of Object.entries(read(join(dir, `${fallback}.json`)))) messages[k] ??= untranslated(lang, v);
        }
      }
      // Still JSON (Vite's JSON plugin makes the module of it): each message as its AST.
      return JSON.stringify(Object.fromEntries(Object.entries(messages).map(([k, v]) => [k, parse(v)])));
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [precompiledMessages(), react()],
  resolve: {
    alias: {
      '@annex/api-client': fileURLToPath(new URL('../../libs/api-client/src', import.meta.url)),
      '@annex/web-kit': fileURLToPath(new URL('../../libs/web-kit/src', import.meta.url)),
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
});
