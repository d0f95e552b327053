import { useAppStore } from '../../store/index.ts';
import { fmt, mmss } from './format.ts';
import { useFormat } from '../../i18n/format.ts';

/**
 * The live readout (≤ 10 updates per second): the only part of the training panel that
 * re-renders with each progress report.
 */
export function TrainingProgress() {
  const status = useAppStore((s) => s.training.status);
  const progress = useAppStore((s) => s.training.progress);
  const epochCount = useAppStore((s) => s.training.epochs.length);
  const lastVal = useAppStore((s) => s.training.epochs[s.training.epochs.length - 1]?.valAccuracy);
  const { t, f } = useFormat();
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
      <progress max={100} value={epochPct} aria-label={t('training.progressLabel')} />
      <span>
        {progress
          ? t(progress.workers > 1 ? 'training.progressWorkers' : 'training.progress', {
              epoch: progress.epoch,
              epochs: progress.epochs,
              batch: progress.batch,
              batches: progress.batches,
              speed: f.num(progress.imagesPerSec, 0),
              workers: progress.workers,
              eta: mmss(progress.etaSec),
            })
          : status === 'loading'
            ? t('training.loadingMnist')
            : t('training.notStarted')}
      </span>
      {progress && <span>{t('training.recent', { loss: fmt(progress.loss), pct: f.pct(progress.accuracy, 1) })}</span>}
      <span className="state">{t('training.status', { status: t(`training.statusName.${status}`) })}</span>
    </div>
  );
}

/** MNIST's byte progress while the worker downloads it. */
export function DataProgress() {
  const status = useAppStore((s) => s.training.status);
  const data = useAppStore((s) => s.training.data);
  const { t, f } = useFormat();
  if (!(status === 'loading' || (data.total > 0 && data.ms === null))) return null;
  const pct = data.total ? (data.loaded / data.total) * 100 : 0;
  return (
    <div className="progress-line">
      <progress max={100} value={pct} aria-label={t('training.download')} />
      <span>
        {t('training.downloadBytes', { loaded: f.num(data.loaded / 1e6, 1), total: f.num(data.total / 1e6, 1) })}{' '}
        {data.file && `· ${data.file}`}
      </span>
    </div>
  );
}
