import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  base: '/agent/',
  plugins: [react()],
  resolve: {
    alias: {
      '@annex/api-client': fileURLToPath(new URL('../../libs/api-client/src', import.meta.url)),
      '@annex/web-kit': fileURLToPath(new URL('../../libs/web-kit/src', import.meta.url)),
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
});
