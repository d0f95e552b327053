/**
 * The training worker's tfjs backend: started in the user's order of preference, and the WebGL
 * context watched, so that a lost context (GPU reset, driver crash, too many contexts) moves
 * training to wasm instead of hanging it.
 */
import * as tf from '@tensorflow/tfjs';
import { BACKENDS, initBackend, type BackendName } from '../shared/tf/backends.ts';
import type { TrainBackendPref } from '../shared/protocol.ts';
import { post } from './port.ts';

/** Set when the WebGL context tfjs trains on is lost. */
let contextLost = false;

const webglContext = (): WebGL2RenderingContext | null =>
  tf.getBackend() === 'webgl' ? ((tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl ?? null) : null;

/** Starts the first backend of the preference that works and tells the UI which and why. */
export async function startBackend(pref: TrainBackendPref, allowSoftwareWebgl: boolean): Promise<void> {
  const order: BackendName[] = pref === 'auto' ? [...BACKENDS] : [pref, ...BACKENDS.filter((b) => b !== pref)];
  post({ type: 'backend', choice: await initBackend(order, { allowSoftwareWebgl }) });
  const canvas = (webglContext() as unknown as { canvas?: OffscreenCanvas } | null)?.canvas;
  canvas?.addEventListener('webglcontextlost', () => (contextLost = true));
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
  const choice = await initBackend(['wasm', 'cpu']);
  post({
    type: 'backend',
    choice: { name: choice.name, skipped: [{ name: 'webgl', reason: 'the WebGL context was lost during training' }, ...choice.skipped] },
  });
  return choice.name;
}

/** Test builds only: loses the WebGL context, as a GPU reset would. */
export function loseWebglForTest(): void {
  webglContext()?.getExtension('WEBGL_lose_context')?.loseContext();
}
