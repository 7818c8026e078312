import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  // Shown in Settings so a commune officer can tell which build a phone runs (and tests can see an update).
  define: { __APP_VERSION__: JSON.stringify(version), __APP_BUILT_AT__: JSON.stringify(new Date().toISOString()) },
  plugins: [
    react(),
    VitePWA({
      // Our own service worker (sw/sw.ts) so precaching, navigation fallback and Background Sync stay
      // under our control; the plugin injects the precache manifest into it.
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      // The app registers the worker itself through workbox-window (src/pwa) to show "update available".
      injectRegister: false,
      // Vite 8 builds the worker as an ES module by default; a classic registration then fails.
      injectManifest: {
        rollupFormat: 'iife',
        // Lazy chunks (forms, dashboards) are precached too, so they open offline.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,woff2}'],
      },
      manifest: {
        name: 'Công Dân Số – Tổ công nghệ số cộng đồng',
        short_name: 'Công Dân Số',
        description: 'Sổ hộ gia đình và công dân số cho tổ công nghệ số cộng đồng, dùng được khi không có mạng.',
        lang: 'vi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#ffffff',
        theme_color: '#0b4f9c',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Everything the entry imports statically goes into one chunk. Left to itself the bundler split
          // the shell into 14 files by which lazy screens share each module; offline every file is one
          // more request through the service worker and one more module to instantiate before the list.
          groups: [{ name: 'shell', tags: ['$initial'] }],
        },
      },
    },
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
