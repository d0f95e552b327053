/**
 * Choosing and starting a tfjs backend in the browser (UI thread or worker): tries each name in
 * order and reports why an earlier one was skipped. The wasm binaries are served from the app's
 * own origin (Vite copies them as assets); nothing is fetched from a CDN.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerWasmKernels } from './wasm-kernels.ts';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/** The fallback order when nothing was measured: GPUs first, then wasm, then plain JS. */
export const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
export const isBackendName = (v: unknown): v is BackendName => v === 'webgpu' || v === 'webgl' || v === 'wasm' || v === 'cpu';

/**
 * A backend not used, and why: `reason` in English (logs, Node), and for the UI's languages a
 * `code` (with the renderer's name as `detail`) where the reason is one of the known ones.
 */
export interface SkippedBackend {
  readonly name: BackendName;
  readonly reason: string;
  readonly code?: 'software' | 'softwareWebgpu' | 'noWebgpu' | 'webgpuFailed' | 'unavailable' | 'failed';
  readonly detail?: string;
}

export interface BackendChoice {
  readonly name: BackendName;
  /** Why backends earlier in the list were not used (empty when the first one worked). */
  readonly skipped: ReadonlyArray<SkippedBackend>;
}

let wasmThreads = false;
/**
 * Asks for tfjs-wasm's threaded SIMD build (XNNPACK's thread pool over shared memory) the next time
 * wasm starts in this thread. It needs a cross-origin isolated page (COOP/COEP headers) and a CSP
 * that allows its blob: pthread workers, and was slower than one thread per worker with K workers
 * here (README, "All the cores"), so it is off unless asked for (`?test&wasmThreads`, the bench).
 */
export function useWasmThreads(on: boolean): void {
  wasmThreads = on;
}

let wasmConfigured = false;
function configureWasm(): void {
  // tfjs picks the threaded build whenever the page is cross-origin isolated: only when asked.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', wasmThreads && globalThis.crossOriginIsolated === true);
  if (wasmConfigured) return;
  const abs = (u: string) => new URL(u, import.meta.url).href;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': abs(wasmPlain),
    'tfjs-backend-wasm-simd.wasm': abs(wasmSimd),
    'tfjs-backend-wasm-threaded-simd.wasm': abs(wasmThreadedSimd),
  });
  registerWasmKernels();
  wasmConfigured = true;
}

export interface InitOptions {
  /**
   * Allow WebGL on a software renderer (SwiftShader). tfjs refuses it by default; only tests and
   * benchmarks turn this on.
   */
  readonly allowSoftwareWebgl?: boolean;
  /** Allow WebGPU on a software / fallback adapter (SwiftShader); only tests and benchmarks. */
  readonly allowSoftwareWebgpu?: boolean;
}

/** The slice of WebGPU's `navigator.gpu` we read (TypeScript's DOM and WebWorker libs lack it). */
interface GpuAdapterInfo {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(opts?: { powerPreference?: string }): Promise<{ info?: GpuAdapterInfo; isFallbackAdapter?: boolean } | null>;
}

/**
 * What WebGPU adapter this browser offers: `null` when there is none (no WebGPU, or blocked), else
 * its name and whether it is a software / fallback adapter (SwiftShader's WebGPU, as headless
 * Chromium gives with `--enable-unsafe-webgpu`), which "auto" skips as it skips software WebGL.
 */
export async function webgpuAdapter(): Promise<{ name: string; software: boolean } | null> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return null;
    const info = adapter.info ?? {};
    const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
    const software =
      info.isFallbackAdapter === true ||
      adapter.isFallbackAdapter === true ||
      /swiftshader|llvmpipe|lavapipe|software|warp|basic render/i.test(name);
    return { name, software };
  } catch {
    return null;
  }
}

let webglLoaded: Promise<unknown> | null = null;
/** Registers tfjs' WebGL backend on first use: a thread that never tries it never loads it. */
const loadWebgl = () => (webglLoaded ??= import('@tensorflow/tfjs-backend-webgl'));

/** Lets tfjs' WebGL run on a software renderer (tests and benchmarks only); loads WebGL for its flag. */
export async function allowSoftwareWebgl(): Promise<void> {
  await loadWebgl();
  tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
}

let webgpuLoaded: Promise<unknown> | null = null;
/** Registers tfjs' WebGPU backend on first use: its code is fetched only by whoever tries it (the worker). */
const loadWebgpu = () => (webgpuLoaded ??= import('@tensorflow/tfjs-backend-webgpu'));

/** Why a GPU backend is skipped here: the English reason, and its code and detail for the UI's languages. */
export interface SoftwareSkip {
  readonly reason: string;
  readonly code: NonNullable<SkippedBackend['code']>;
  readonly detail?: string;
}

/**
 * Why backend `name` should be skipped here unless software renderers are allowed, or null: GPU
 * backends on a software rasterizer train far slower than wasm.
 */
export async function softwareSkip(name: BackendName, opts: InitOptions): Promise<SoftwareSkip | null> {
  if (name === 'webgl' && !opts.allowSoftwareWebgl) {
    const sw = softwareWebglRenderer();
    if (sw)
      return {
        reason: `WebGL runs in software here (${sw}), where wasm trains far faster (about 30x on a 2-core machine)`,
        code: 'software',
        detail: sw,
      };
  }
  if (name === 'webgpu') {
    const a = await webgpuAdapter();
    if (!a) return { reason: 'WebGPU is not available here', code: 'noWebgpu' };
    if (a.software && !opts.allowSoftwareWebgpu)
      return {
        reason: `WebGPU runs on a software adapter here (${a.name}), where wasm trains far faster`,
        code: 'softwareWebgpu',
        detail: a.name,
      };
  }
  return null;
}

/**
 * Makes `name` the backend tfjs computes on now (starting it the first time), without the
 * fallbacks of `initBackend`. Returns false when it cannot start. Tensors made on another backend
 * stay there: rebuild models after a switch.
 */
export async function switchBackend(name: BackendName): Promise<boolean> {
  configureWasm();
  if (name === 'webgpu') await loadWebgpu();
  if (name === 'webgl') await loadWebgl();
  try {
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    return true;
  } catch {
    return false;
  }
}

/**
 * The WebGL renderer's name if it is a software rasterizer (SwiftShader, llvmpipe…), else null.
 * On such machines tfjs-webgl trains ~10x slower than wasm, so "auto" skips it.
 */
export function softwareWebglRenderer(): string | null {
  const renderer = webglRenderer();
  return renderer && /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer) ? renderer : null;
}

let renderer: string | null | undefined;
/** The WebGL2 renderer's name (unmasked when allowed), or null without WebGL2. Asked once. */
export function webglRenderer(): string | null {
  if (renderer !== undefined) return renderer;
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = canvas.getContext('webgl2');
    if (!gl) return (renderer = null);
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    renderer = null;
  }
  return renderer;
}

/**
 * What a backend measurement depends on: the GPU (WebGL renderer), the core count and the browser
 * with its major version. The probe's choice is remembered under this key.
 */
export function deviceKey(): string {
  const nav = globalThis.navigator as { hardwareConcurrency?: number; userAgent?: string } | undefined;
  const ua = nav?.userAgent ?? '';
  const browser = /(Edg|OPR|Firefox|Chrome|Chromium)\/\d+/.exec(ua)?.[0] ?? (ua.slice(0, 60) || 'unknown browser');
  return [webglRenderer() ?? 'no WebGL2', `${nav?.hardwareConcurrency ?? 1} cores`, browser].join(' | ');
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
  if (opts.allowSoftwareWebgl && order.includes('webgl')) await allowSoftwareWebgl();
  configureWasm();
  const skipped: SkippedBackend[] = [];
  for (const name of order) {
    if ((name === 'webgl' || name === 'webgpu') && order.length > 1) {
      const skip = await softwareSkip(name, opts);
      if (skip) {
        skipped.push({ name, ...skip });
        continue;
      }
    }
    try {
      if (name === 'webgpu') await loadWebgpu();
      if (name === 'webgl') await loadWebgl();
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { name, skipped };
      }
      skipped.push(
        name === 'webgl'
          ? { name, reason: 'WebGL2 is not available here (or only in software)', code: 'unavailable' }
          : name === 'webgpu'
            ? { name, reason: 'WebGPU did not start', code: 'webgpuFailed' }
            : { name, reason: 'failed to initialize', code: 'failed' },
      );
    } catch (e) {
      skipped.push({ name, reason: (e as Error).message || String(e) });
    }
  }
  throw new Error(`no tfjs backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
