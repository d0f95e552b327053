import { useAppStore } from '../../store/index.ts';
import { fmt, mmss } from './format.ts';

/**
 * The live readout (≤ 10 updates per second): the only part of the training panel that
 * re-renders with each progress report.
 */
export function TrainingProgress() {
  const status = useAppStore((s) => s.training.status);
  const progress = useAppStore((s) => s.training.progress);
  const epochCount = useAppStore((s) => s.training.epochs.length);
  const lastVal = useAppStore((s) => s.training.epochs[s.training.epochs.length - 1]?.valAccuracy);
  const epochPct = progress ? ((progress.epoch - 1 + progress.batch / progress.batches) / progress.epochs) * 100 : 0;
  return (
    <div
      className="train-progress"
      data-testid="train-progress"
      data-status={status === 'ready' ? (epochCount || progress ? 'done' : 'idle') : status}
      data-run-status={status}
      data-epoch={progress?.epoch ?? 0}
      data-images-seen={progress?.imagesSeen ?? 0}
      data-loss={fmt(progress?.loss)}
      data-val-accuracy={fmt(lastVal)}
      data-images-per-sec={progress ? progress.imagesPerSec.toFixed(0) : ''}
      data-workers={progress?.workers ?? ''}
    >
      <progress max={100} value={epochPct} aria-label="Training progress" />
      <span>
        {progress
          ? `epoch ${progress.epoch}/${progress.epochs} · batch ${progress.batch}/${progress.batches} · ${progress.imagesPerSec.toFixed(0)} img/s${progress.workers > 1 ? ` on ${progress.workers} workers` : ''} · ETA ${mmss(progress.etaSec)}`
          : status === 'loading'
            ? 'loading MNIST…'
            : 'not started'}
      </span>
      {progress && (
        <span>
          recent loss {fmt(progress.loss)} · running accuracy {(progress.accuracy * 100).toFixed(1)} %
        </span>
      )}
      <span className="state">status: {status}</span>
    </div>
  );
}

/** MNIST's byte progress while the worker downloads it. */
export function DataProgress() {
  const status = useAppStore((s) => s.training.status);
  const data = useAppStore((s) => s.training.data);
  if (!(status === 'loading' || (data.total > 0 && data.ms === null))) return null;
  const pct = data.total ? (data.loaded / data.total) * 100 : 0;
  return (
    <div className="progress-line">
      <progress max={100} value={pct} aria-label="MNIST download" />
      <span>
        MNIST {(data.loaded / 1e6).toFixed(1)} / {(data.total / 1e6).toFixed(1)} MB {data.file && `· ${data.file}`}
      </span>
    </div>
  );
}
