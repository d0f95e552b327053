/**
 * The lab's long-lived services — the inference controller (owner of the model in use) and the
 * training worker's client — as the store's actions see them. `ui/lab.ts` binds them while the App
 * is mounted; components never reach them directly, they call store actions.
 */
import type { Inference } from '../inference/controller.ts';
import type { TrainingClient } from '../training/client.ts';

export interface LabServices {
  readonly inference: Inference;
  readonly training: TrainingClient;
}

let services: LabServices | null = null;

/** Binds the services for the store's actions; returns the unbinding. */
export function bindServices(s: LabServices): () => void {
  services = s;
  return () => {
    if (services === s) services = null;
  };
}

/** Runs `fn` with the services if the lab is running (actions before mount do nothing). */
export function withServices<T>(fn: (s: LabServices) => T): T | undefined {
  return services ? fn(services) : undefined;
}

/** A conv layer's kernel from the model in use, for the views (see `Predictor.kernel`). */
export const labKernel = (layerId: string): { data: Float32Array; shape: number[] } | null => services?.inference.kernel(layerId) ?? null;
