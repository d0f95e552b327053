/**
 * Checkpoints: the lab's model saved to IndexedDB with its run's metrics after every epoch and at
 * the end of a run. A failed save (no IndexedDB, quota) is reported, never fatal.
 */
import type * as tf from '@tensorflow/tfjs';
import { userModelUrl, type SavedModelMeta } from '../shared/model/storage.ts';
import type { EpochRow, TrainConfig } from '../shared/protocol.ts';
import { post } from './port.ts';

export async function saveCheckpoint(
  model: tf.LayersModel,
  config: TrainConfig,
  epochs: readonly EpochRow[],
  test?: { accuracy: number; count: number },
): Promise<void> {
  const meta: SavedModelMeta = {
    app: 'lenet-lab',
    variant: config.variant,
    savedAt: new Date().toISOString(),
    config,
    epochs,
    ...(test ? { testAccuracy: test.accuracy, testCount: test.count } : {}),
  };
  try {
    model.setUserDefinedMetadata(meta as unknown as Record<string, unknown>);
    await model.save(userModelUrl(config.variant));
    post({ type: 'saved', ok: true, at: meta.savedAt, epoch: epochs.length });
  } catch (e) {
    const err = e as Error;
    const why = err.name === 'QuotaExceededError' || /quota/i.test(err.message) ? 'the browser storage is full' : err.message || String(e);
    post({
      type: 'saved',
      ok: false,
      error: `Saving the model in this browser failed: ${why}. Training goes on; export the model to keep it.`,
    });
  }
}
