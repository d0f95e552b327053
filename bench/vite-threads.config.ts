/**
 * The bench's server for tfjs-wasm's threaded build (`npm run bench`, threaded vs single): the
 * app's preview headers with `blob:` allowed for scripts and workers, which the threaded build's
 * pthread workers need. The app itself does not ship this policy (README, "Headers for a static host").
 */
import { defineConfig, mergeConfig } from 'vite';
import app, { CSP_DIRECTIVES, SECURITY_HEADERS } from '../vite.config.ts';

const csp = Object.entries({
  ...CSP_DIRECTIVES,
  'script-src': `${CSP_DIRECTIVES['script-src']} blob:`,
  'worker-src': `${CSP_DIRECTIVES['worker-src']} blob:`,
})
  .map(([k, v]) => `${k} ${v}`)
  .join('; ');

export default mergeConfig(app, defineConfig({ preview: { headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': csp } } }));
