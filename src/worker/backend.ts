/**
 * The training worker's tfjs backend: started in the user's order of preference (with "auto", the
 * backend the probe measured fastest on this device first, then WebGPU, WebGL, wasm, cpu), and the
 * WebGL context watched, so that a lost context (GPU reset, driver crash, too many contexts) moves
 * training to wasm instead of hanging it.
 */
import * as tf from '@tensorflow/tfjs';
import { BACKENDS, initBackend, switchBackend, type BackendChoice, type BackendName } from '../shared/tf/backends.ts';
import type { TrainBackendPref } from '../shared/protocol.ts';
import { post } from './port.ts';

/** Set when the WebGL context tfjs trains on is lost. */
let contextLost = false;

const webglContext = (): WebGL2RenderingContext | null =>
  tf.getBackend() === 'webgl' ? ((tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl ?? null) : null;

/** Tells the UI which backend trains now (and why not the others); watches a WebGL context. */
export function announceBackend(choice: BackendChoice): void {
  post({ type: 'backend', choice });
  const canvas = (webglContext() as unknown as { canvas?: OffscreenCanvas } | null)?.canvas;
  canvas?.addEventListener('webglcontextlost', () => (contextLost = true));
}

/**
 * Starts the first backend of the preference that works and tells the UI which and why. With
 * "auto", `measured` (the probe's earlier choice on this device) comes first.
 */
export async function startBackend(pref: TrainBackendPref, allowSoftware: boolean, measured: BackendName | null = null): Promise<void> {
  const first = pref === 'auto' ? measured : pref;
  const order: BackendName[] = first ? [first, ...BACKENDS.filter((b) => b !== first)] : [...BACKENDS];
  announceBackend(await initBackend(order, { allowSoftwareWebgl: allowSoftware, allowSoftwareWebgpu: allowSoftware }));
}

/** Whether training runs on a WebGL context that is gone (the event may not have arrived yet). */
export const webglLost = (): boolean => contextLost || (webglContext()?.isContextLost() ?? false);

/**
 * A readback from a lost WebGL context never settles: on WebGL, race `read` with a check of the
 * context (null when it is lost). Other backends just await it.
 */
export function unlessContextLost<T>(read: Promise<T>): Promise<T | null> {
  if (!webglContext()) return read;
  let timer = 0;
  const lost = new Promise<null>((resolve) => {
    timer = setInterval(() => webglLost() && resolve(null), 100) as unknown as number;
  });
  return Promise.race([read, lost]).finally(() => clearInterval(timer));
}

/** After a lost WebGL context: moves to wasm (else cpu) and tells the UI why. */
export async function leaveLostWebgl(): Promise<BackendName> {
  contextLost = false;
  // Not `initBackend`: its cached start would not switch back to a backend started before (the probe).
  const name: BackendName = (await switchBackend('wasm')) ? 'wasm' : 'cpu';
  if (name === 'cpu' && !(await switchBackend('cpu'))) throw new Error('neither wasm nor cpu could start after the WebGL context was lost');
  const skipped = [{ name: 'webgl' as const, reason: 'the WebGL context was lost during training' }];
  post({
    type: 'backend',
    choice: { name, skipped: name === 'cpu' ? [...skipped, { name: 'wasm', reason: 'failed to initialize' }] : skipped },
  });
  return name;
}

/** Test builds only: loses the WebGL context, as a GPU reset would. */
export function loseWebglForTest(): void {
  webglContext()?.getExtension('WEBGL_lose_context')?.loseContext();
}
