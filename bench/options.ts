/** `npm run bench`'s command-line switches and the sizes of what it measures (`run.ts`, `training.ts`). */
export const quick = process.argv.includes('--quick');
/** `--probe-only`: just the backend probe and ours-vs-stock kernels (a short run). */
export const probeOnly = process.argv.includes('--probe-only');
/**
 * `--cores-only`: the probe, ours vs stock, K = 2 workers vs one, threaded wasm vs single, and
 * Train (fresh, defaults) → 99 %: the lines of issue 15, without the UI-thread measures.
 */
export const coresOnly = process.argv.includes('--cores-only');
export const build = !process.argv.includes('--no-build');
export const STROKE_EVENTS = quick ? 60 : 240;
export const COLD_LOADS = quick ? 3 : 7;
export const BATCHES = quick ? [64] : [64, 128, 256, 512];
export const BACKENDS = ['wasm', 'webgl', 'cpu'] as const;
export const WINDOWS = 3;
export const WINDOW_MS = quick ? 1500 : 2500;
export const TO_99_LIMIT_S = quick ? 0 : 480;
export const TRACE_MS = 3000;
/** Alternating runs per side of a K-workers or threads ratio. */
export const ROUNDS = 3;
