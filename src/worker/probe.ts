/**
 * The backend probe: on the first Start on a device (and when the user asks), times a short burst
 * of real training steps (~0.3 s each, after a warm-up) on every backend that starts — WebGPU,
 * WebGL, wasm — and moves training to the fastest. The measurement decides, not a rule: on a real
 * GPU the answer may be WebGPU, WebGL or still wasm for a net this small. GPU backends on a
 * software renderer (SwiftShader's WebGL or fallback WebGPU adapter) are skipped unless
 * `includeSoftware` (tests, benchmarks). The UI remembers the result per device.
 */
import * as tf from '@tensorflow/tfjs';
import { allowSoftwareWebgl, deviceKey, softwareSkip, switchBackend, webgpuAdapter, type BackendName } from '../shared/tf/backends.ts';
import { notChosen, pickBackend, timeTraining, TooSlow, type BackendRate, type ProbeResult } from '../shared/tf/probe.ts';
import type { Variant } from '../shared/model/variants.ts';
import { announceBackend } from './backend.ts';
import { rehomeLabModel } from './lab-model.ts';
import { post } from './port.ts';

/** The backends the probe tries, in the fallback order; cpu only when none of these starts. */
const CANDIDATES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm'];
/** Timed milliseconds per backend (after its warm-up steps): ~1 s for all three. */
const BUDGET_MS = 300;
/** A GPU backend that has not finished warm-up and timing by then is given up on (≤ 4 s each). */
const GPU_DEADLINE_MS = 4000;
const TIMING_ORDER: readonly BackendName[] = ['wasm', 'webgl', 'webgpu'];

/**
 * Stops a backend that was given up on from eating the machine: WebGPU's device is destroyed (its
 * queued work is dropped) and the backend removed from this worker. WebGL compiles synchronously,
 * so by now it is idle.
 */
function abandon(name: BackendName): void {
  if (name !== 'webgpu') return;
  try {
    (tf.findBackend('webgpu') as unknown as { device?: { destroy(): void } } | null)?.device?.destroy();
    tf.removeBackend('webgpu');
  } catch {
    /* already gone */
  }
}

/** Runs one small op on WebGPU (compiling one shader) to show that the software adapter works. */
async function smokeTest(adapter: string): Promise<string> {
  try {
    if (!(await switchBackend('webgpu'))) return `software adapter (${adapter}) did not start`;
    const x = tf.tensor1d([1, 2, 3]);
    const y = x.square().sum();
    const v = (await y.data())[0];
    tf.dispose([x, y]);
    return v === 14
      ? `software adapter (${adapter}): runs, not timed (its training shaders take minutes to compile)`
      : `software adapter (${adapter}) computed a wrong result`;
  } catch (e) {
    return `software adapter (${adapter}) failed: ${(e as Error).message}`;
  }
}

/** Set at init when the user lets the lab choose ("auto") and this device has no measurement yet. */
let neededAtStart = false;

/** At init: with "auto", shows this device's remembered measurement, or marks the probe as due at the first Start. */
export function initProbe(auto: boolean, measured: Readonly<Record<string, ProbeResult>> | undefined): BackendName | null {
  const mine = measured?.[deviceKey()] ?? null;
  neededAtStart = auto && !mine;
  if (mine) post({ type: 'probe', result: mine, remembered: true });
  return auto ? (mine?.choice ?? null) : null;
}

/** Runs the probe before the first run on a device not measured yet (once per worker). */
export async function probeIfDue(batchSize: number, variant: Variant): Promise<void> {
  if (!neededAtStart) return;
  neededAtStart = false;
  await probeBackends(batchSize, variant, false);
}

export async function probeBackends(batchSize: number, variant: Variant, includeSoftware: boolean): Promise<ProbeResult> {
  neededAtStart = false;
  post({ type: 'probing' });
  const before = tf.getBackend() as BackendName;
  const opts = { allowSoftwareWebgl: includeSoftware, allowSoftwareWebgpu: includeSoftware };
  if (includeSoftware) await allowSoftwareWebgl();
  const skipped: BackendRate[] = [];
  const started: BackendName[] = [];
  for (const name of CANDIDATES) {
    const skip = await softwareSkip(name, opts);
    if (skip)
      skipped.push({ name, imagesPerSec: null, note: skip.reason, code: skip.code, ...(skip.detail ? { detail: skip.detail } : {}) });
    else if (await switchBackend(name)) started.push(name);
    else skipped.push({ name, imagesPerSec: null, note: 'did not start' });
  }
  // A software WebGPU adapter (SwiftShader) compiles tfjs' training shaders for minutes, in the GPU
  // process, where an abandoned compile goes on blocking every later WebGL / WebGPU call (even in
  // other tabs). So even when asked to include software, it is only checked to run one op.
  const swGpu = started.includes('webgpu') ? await webgpuAdapter() : null;
  if (swGpu?.software) {
    started.splice(started.indexOf('webgpu'), 1);
    skipped.push({ name: 'webgpu', imagesPerSec: null, note: await smokeTest(swGpu.name), code: 'softwareWebgpu', detail: swGpu.name });
  }
  const timed: BackendRate[] = [];
  if (started.length === 1) {
    timed.push({ name: started[0]!, imagesPerSec: null, note: 'the only candidate here (not timed)' });
  } else {
    // wasm first: the reliable baseline, timed before any GPU work a slow backend leaves behind.
    for (const name of [...started].sort((a, b) => TIMING_ORDER.indexOf(a) - TIMING_ORDER.indexOf(b))) {
      try {
        if (!(await switchBackend(name))) throw new Error('did not start');
        const deadlineMs = name === 'wasm' ? Infinity : GPU_DEADLINE_MS;
        timed.push({ name, imagesPerSec: await timeTraining(variant, batchSize, { budgetMs: BUDGET_MS, deadlineMs }) });
      } catch (e) {
        if (e instanceof TooSlow) abandon(name);
        timed.push({ name, imagesPerSec: null, note: e instanceof TooSlow ? e.message : `failed: ${(e as Error).message || String(e)}` });
      }
    }
  }
  let choice = pickBackend(timed, started);
  if (!choice || !(await switchBackend(choice))) choice = (await switchBackend('wasm')) ? 'wasm' : 'cpu';
  if (choice === 'cpu') await switchBackend('cpu');
  const rates = CANDIDATES.map((n) => timed.find((r) => r.name === n) ?? skipped.find((r) => r.name === n)!);
  const result: ProbeResult = { rates, choice, batchSize, variant, device: deviceKey(), at: new Date().toISOString() };
  if (choice !== before) rehomeLabModel();
  post({ type: 'probe', result, remembered: false });
  announceBackend({ name: choice, skipped: notChosen(result) });
  return result;
}
