/**
 * The backend probe's results, remembered in localStorage by device (the worker names the device:
 * GPU renderer, core count, browser), so the same browser on another GPU, core count or browser
 * version measures again. Storage may be unavailable (private modes): then nothing is remembered
 * and the probe runs at each visit's first Start.
 */
import type { ProbeResult } from '../../shared/tf/probe.ts';
import { isBackendName } from '../../shared/tf/backends.ts';

const KEY = 'lenet-lab:backend-probe';
/** Devices kept (a laptop docked and undocked, a browser update…). */
const KEEP = 4;

function readAll(): Record<string, ProbeResult> {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}') as unknown;
    if (!v || typeof v !== 'object') return {};
    return Object.fromEntries(
      Object.entries(v as Record<string, ProbeResult>).filter(([, r]) => r && isBackendName(r.choice) && Array.isArray(r.rates)),
    );
  } catch {
    return {};
  }
}

/** Every device's remembered measurement, for the worker's `init` (it knows which device it is on). */
export const rememberedProbes = (): Record<string, ProbeResult> => readAll();

export function rememberProbe(result: ProbeResult): void {
  try {
    const all = readAll();
    delete all[result.device];
    const kept = Object.entries(all).slice(-(KEEP - 1));
    localStorage.setItem(KEY, JSON.stringify(Object.fromEntries([...kept, [result.device, result]])));
  } catch {
    /* not remembered; it applies to this visit */
  }
}
