import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';

/**
 * Content-Security-Policy of the built app: only the page's own origin, plus what tfjs needs
 * ('wasm-unsafe-eval' to compile its WebAssembly). No inline scripts, no inline styles: React's
 * `style={…}` props and uPlot set styles through the CSSOM (`el.style.x = …`), which a CSP does
 * not block; only `style` attributes in markup and `<style>` elements would need 'unsafe-inline'.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, string>> = {
  'default-src': "'self'",
  'script-src': "'self' 'wasm-unsafe-eval'",
  'worker-src': "'self'",
  'connect-src': "'self'",
  'img-src': "'self' data: blob:",
  'style-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'none'",
  'frame-ancestors': "'self'",
};

const policy = (d: Readonly<Record<string, string>>): string =>
  Object.entries(d)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');

/** The full policy, sent as a header (it then covers the worker script too). */
export const CSP = policy(CSP_DIRECTIVES);

/** The `<meta>` copy in index.html, for hosts that cannot send headers: `frame-ancestors` is ignored (and warned about) in a meta tag. */
export const META_CSP = policy(Object.fromEntries(Object.entries(CSP_DIRECTIVES).filter(([k]) => k !== 'frame-ancestors')));

/**
 * The dev server's policy: Vite injects styles as `<style>` elements and React Refresh adds an inline
 * module script, so dev allows inline scripts and styles; everything else is as strict as the build.
 */
export const DEV_CSP = policy({
  ...CSP_DIRECTIVES,
  'script-src': "'self' 'unsafe-inline' 'wasm-unsafe-eval'",
  'style-src': "'self' 'unsafe-inline'",
});

/** Headers the preview server sends (and a static host should send, see README). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'SAMEORIGIN',
  'Referrer-Policy': 'no-referrer',
  // Cross-origin isolation: SharedArrayBuffer for the gradient workers (and tfjs-wasm's threads).
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

function contentSecurityPolicy(): Plugin {
  return {
    name: 'lenet-lab-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CSP }, injectTo: 'head-prepend' },
    ],
  };
}

/**
 * Serves the MNIST files (`*.gzbin`, already gzip) as `application/octet-stream`. Their extension
 * has no MIME type, and the preview server's compression treats a file without one as text: it
 * gzipped the 9.6 MB training images again on every request (0.5 s of server CPU, then a second
 * inflate in the browser), a second of each first Start in the e2e suite.
 */
function binaryData(): Plugin {
  const octets = (req: { url?: string | undefined }, res: { setHeader(k: string, v: string): unknown }, next: () => void) => {
    if (/\.gzbin(?:[?#]|$)/.test(req.url ?? '')) res.setHeader('Content-Type', 'application/octet-stream');
    next();
  };
  return {
    name: 'lenet-lab-binary-data',
    configureServer: (server) => void server.middlewares.use(octets),
    configurePreviewServer: (server) => void server.middlewares.use(octets),
  };
}

/** The test build (e2e tests, bench): test hooks and fault injection compiled in. Never in production. */
const TEST_BUILD = process.env['LENET_TEST_BUILD'] === '1' || process.env['VITEST'] !== undefined;

/**
 * The installable, offline app (vite-plugin-pwa / Workbox, `README.md` → Offline): the service worker
 * precaches the app shell, the wasm binaries and the shipped models; MNIST is cached the first time it
 * is fetched (the loader still checks every file's SHA-256). `prompt`: a new version waits until the
 * user reloads (never under a running training). Off in `npm run dev` unless `LENET_PWA_DEV=1`.
 */
const pwa = VitePWA({
  registerType: 'prompt',
  injectRegister: false,
  filename: 'sw.js',
  manifest: {
    name: 'LeNet Lab',
    short_name: 'LeNet Lab',
    description: 'Draw a digit, watch LeNet-5 read it, train it in your browser and look inside it.',
    start_url: './',
    scope: './',
    display: 'standalone',
    background_color: '#f4f5f7',
    theme_color: '#2f6fde',
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,wasm}', 'models/**/*.{json,bin}'],
    globIgnores: ['data/**'],
    // The tfjs bundle and the wasm binaries are a few MB each.
    maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
    navigateFallback: 'index.html',
    // The first service worker takes the page at once, so the MNIST files this visit fetches are kept.
    clientsClaim: true,
    cleanupOutdatedCaches: true,
    runtimeCaching: [
      {
        urlPattern: ({ url, sameOrigin }) => sameOrigin && /\/data\/mnist\/[^/]+\.(gzbin|json)$/.test(url.pathname),
        handler: 'CacheFirst',
        // The same name as MNIST_CACHE in src/shared/mnist/cache.ts (the loader evicts a corrupt file from it).
        options: { cacheName: 'lenet-mnist', cacheableResponse: { statuses: [200] } },
      },
    ],
  },
  devOptions: { enabled: process.env['LENET_PWA_DEV'] === '1' },
});

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), binaryData(), pwa],
  // The app's bundles take tfjs without the converter, tfjs-data and an eager WebGL backend
  // (src/shared/tf/tfjs.ts); unit tests, like the scripts, use the whole package.
  // umap-js is imported only by the explain worker's chunk, which the dependency scan does not
  // reach: without this the dev server found it at the first map and reloaded the page.
  optimizeDeps: { include: ['umap-js'] },
  resolve: {
    alias: process.env['VITEST']
      ? []
      : [{ find: /^@tensorflow\/tfjs$/, replacement: fileURLToPath(new URL('./src/shared/tf/tfjs.ts', import.meta.url)) }],
  },
  define: { __LENET_TEST_BUILD__: JSON.stringify(TEST_BUILD) },
  base: './',
  worker: { format: 'es' },
  // Source maps only when asked for (`LENET_SOURCEMAP=1 npm run build`).
  build: { target: 'es2022', sourcemap: process.env['LENET_SOURCEMAP'] === '1', chunkSizeWarningLimit: 2500 },
  server: { headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': DEV_CSP } },
  preview: { headers: SECURITY_HEADERS },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // One worker per core: Vitest's default leaves one core free, which on 2 cores ran the files one
    // at a time (110 s; 66 s with two, the same CPU).
    maxWorkers: availableParallelism(),
    // Test files share their worker's modules (tfjs, its wasm backend, MNIST) instead of importing
    // them again per file: 111 / 125 → 91 / 85 CPU-s in alternating runs here (57 / 65 → 47 / 44 s).
    // Every file that uses tfjs names its backend in a beforeAll, and global stubs are undone after
    // each test, so no file depends on another's leftovers (checked with the files shuffled).
    isolate: false,
  },
});
