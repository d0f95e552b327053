/**
 * Starts the lab's long-lived parts once: the inference controller (it owns the model in use and
 * predicts the drawing) and the training worker's client, wired so that the worker always holds the
 * model in use — on every load, restore, import or reset, and after a worker restart — and bound
 * into the store for its actions. Returns the teardown.
 */
import { startInference, type InferenceHooks } from './inference/controller.ts';
import { startTrainingClient, type TrainingClient } from './training/client.ts';
import { bindServices } from './store/services.ts';
import { useAppStore } from './store/index.ts';
import { installTestHooks } from './test-hooks.ts';
import { TEST_MODE } from './env.ts';

export function startLab(): () => void {
  let training: TrainingClient | null = null;
  const hooks: InferenceHooks = {
    onModelReplaced: (snapshot, variant) => {
      useAppStore.getState().training.actions.setConfig({ variant });
      training?.loadWeights(snapshot, variant);
    },
  };
  const inference = startInference(hooks);
  training = startTrainingClient(inference.applyWeights, () => {
    // A (re)started worker takes over the model in use.
    const current = inference.snapshot();
    if (current) training?.loadWeights(current.snapshot, current.variant);
  });
  const unbind = bindServices({ inference, training });
  const removeHooks = TEST_MODE ? installTestHooks(useAppStore.getState().drawing.session, training) : () => {};
  return () => {
    removeHooks();
    unbind();
    training?.dispose();
    inference.stop();
  };
}
