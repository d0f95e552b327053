/**
 * The long-lived, non-React parts of the lab (the inference controller and the training client),
 * set by the App while it is mounted, for components that send commands to them.
 */
import type { Inference } from './inference/controller.ts';
import type { TrainingClient } from './training/client.ts';

export const runtime: { inference: Inference | null; training: TrainingClient | null } = { inference: null, training: null };
