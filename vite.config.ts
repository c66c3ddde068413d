// The front desk page (web/): plain TypeScript and CSS, built into dist/web, which the server serves at /.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/',
  publicDir: 'public',
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // One module and one stylesheet: no preload helper, no inline code (the CSP allows none).
    modulePreload: false,
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/web': 'http://127.0.0.1:8080' } },
});
