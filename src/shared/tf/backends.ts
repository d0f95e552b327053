/**
 * Choosing and starting a tfjs backend in the browser (UI thread or worker): tries each name in
 * order and reports why an earlier one was skipped. The wasm binaries are served from the app's
 * own origin (Vite copies them as assets); nothing is fetched from a CDN.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerWasmConvGrads } from './wasm-conv-grads.ts';

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

/**
 * A backend not used, and why: `reason` in English (logs, Node), and for the UI's languages a
 * `code` (with the renderer's name as `detail`) where the reason is one of the known ones.
 */
export interface SkippedBackend {
  readonly name: BackendName;
  readonly reason: string;
  readonly code?: 'software' | 'unavailable' | 'failed';
  readonly detail?: string;
}

export interface BackendChoice {
  readonly name: BackendName;
  /** Why backends earlier in the list were not used (empty when the first one worked). */
  readonly skipped: ReadonlyArray<SkippedBackend>;
}

let wasmConfigured = false;
function configureWasm(): void {
  if (wasmConfigured) return;
  const abs = (u: string) => new URL(u, import.meta.url).href;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': abs(wasmPlain),
    'tfjs-backend-wasm-simd.wasm': abs(wasmSimd),
    'tfjs-backend-wasm-threaded-simd.wasm': abs(wasmThreadedSimd),
  });
  registerWasmConvGrads();
  wasmConfigured = true;
}

export interface InitOptions {
  /**
   * Allow WebGL on a software renderer (SwiftShader). tfjs refuses it by default; only tests and
   * benchmarks turn this on.
   */
  readonly allowSoftwareWebgl?: boolean;
}

/**
 * The WebGL renderer's name if it is a software rasterizer (SwiftShader, llvmpipe…), else null.
 * On such machines tfjs-webgl trains ~10x slower than wasm, so "auto" skips it.
 */
export function softwareWebglRenderer(): string | null {
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = canvas.getContext('webgl2');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer) ? renderer : null;
  } catch {
    return null;
  }
}

const started = new Map<string, Promise<BackendChoice>>();

/**
 * Starts the first backend of `order` that initializes; throws if none does. Calls with the same
 * arguments share one start: two overlapping `tf.setBackend` calls (React's StrictMode runs effects
 * twice in development) would otherwise race and leave tfjs on a half-initialized backend.
 */
export function initBackend(order: readonly BackendName[], opts: InitOptions = {}): Promise<BackendChoice> {
  const key = JSON.stringify([order, opts]);
  let p = started.get(key);
  if (!p) {
    p = startBackend(order, opts);
    started.set(key, p);
    p.catch(() => started.delete(key));
  }
  return p;
}

async function startBackend(order: readonly BackendName[], opts: InitOptions): Promise<BackendChoice> {
  if (opts.allowSoftwareWebgl) tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  configureWasm();
  const skipped: SkippedBackend[] = [];
  for (const name of order) {
    if (name === 'webgl' && !opts.allowSoftwareWebgl && order.length > 1) {
      const sw = softwareWebglRenderer();
      if (sw) {
        skipped.push({
          name,
          reason: `WebGL runs in software here (${sw}), where wasm trains far faster (about 30x on a 2-core machine)`,
          code: 'software',
          detail: sw,
        });
        continue;
      }
    }
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { name, skipped };
      }
      skipped.push(
        name === 'webgl'
          ? { name, reason: 'WebGL2 is not available here (or only in software)', code: 'unavailable' }
          : { name, reason: 'failed to initialize', code: 'failed' },
      );
    } catch (e) {
      skipped.push({ name, reason: (e as Error).message || String(e) });
    }
  }
  throw new Error(`no tfjs backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
