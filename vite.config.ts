import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Content-Security-Policy of the built app: only the page's own origin, plus what tfjs needs
 * ('wasm-unsafe-eval' to compile its WebAssembly). No inline scripts. The dev server is left
 * without it (React's dev preamble is an inline script).
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'lenet-lab-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

/** The test build (e2e tests, bench): test hooks and fault injection compiled in. Never in production. */
const TEST_BUILD = process.env['LENET_TEST_BUILD'] === '1' || process.env['VITEST'] !== undefined;

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  define: { __LENET_TEST_BUILD__: JSON.stringify(TEST_BUILD) },
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2500 },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
