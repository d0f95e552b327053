/**
 * Run-time switches read once from the page URL.
 * `?test` — deterministic test/bench mode: allows software WebGL (SwiftShader), no animations.
 * `?backend=webgl|wasm|cpu` — force the inference backend.
 */
import type { BackendName } from '../shared/tf/backends.ts';
import { isVariant, type Variant } from '../shared/model/variants.ts';
import { TEST_BUILD } from '../shared/build.ts';

const params = new URLSearchParams(globalThis.location?.search ?? '');

/** Test mode needs the test build: `?test` on a production build changes nothing. */
export const TEST_MODE = TEST_BUILD && params.has('test');

/** The variant the lab opens with (`?variant=classic`), modern by default. */
const v = params.get('variant');
export const INITIAL_VARIANT: Variant = isVariant(v) ? v : 'modern';

/** Test mode only: faults the e2e tests inject (`?test&faults=idb-missing`). */
export const FAULTS: readonly string[] = TEST_MODE ? (params.get('faults') ?? '').split(',').filter(Boolean) : [];

/** Test mode only: train on tfjs-wasm's threaded SIMD build (`?test&wasmThreads`; the bench compares it). */
export const WASM_THREADS = TEST_MODE && params.has('wasmThreads');

const forced = params.get('backend');
/** Inference backends in order of preference. A single image through a 60k-parameter net is
 * fastest on wasm (~0.6 ms) — WebGL pays a GPU readback (~12 ms here) — so wasm comes first. */
export const INFERENCE_BACKENDS: readonly BackendName[] =
  forced === 'webgl' || forced === 'wasm' || forced === 'cpu' ? [forced] : ['wasm', 'webgl', 'cpu'];

/** Resolves a path under `public/` against the page, so the app works under any base path. */
export const assetUrl = (path: string): string => new URL(path, document.baseURI).href;
