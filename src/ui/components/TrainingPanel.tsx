import './TrainingPanel.css';
import { useAppStore } from '../store/index.ts';
import { EpochChart } from './EpochChart.tsx';
import { TrainingControls } from './training/TrainingControls.tsx';
import { TrainingSettings } from './training/TrainingSettings.tsx';
import { DataProgress, TrainingProgress } from './training/TrainingProgress.tsx';
import { EpochTable } from './training/EpochTable.tsx';

/** Which backend trains, and why not a faster one. */
function BackendLine() {
  const backend = useAppStore((s) => s.training.backend);
  return (
    <p className="backend-line" data-testid="backend" data-backend={backend?.name ?? ''}>
      Training backend: <span className="backend">{backend?.name ?? '…'}</span>
      {backend && backend.skipped.length > 0 && (
        <span className="muted"> — fell back because {backend.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}</span>
      )}
    </p>
  );
}

/** What went wrong (data, backend, divergence, a crashed worker) and how to go on. */
function TrainingError() {
  const message = useAppStore((s) => s.training.message);
  const crashed = useAppStore((s) => s.training.crashed);
  const status = useAppStore((s) => s.training.status);
  const restart = useAppStore((s) => s.training.actions.restartWorker);
  if (!message) return null;
  return (
    <div className="error-box" role="alert" data-testid="train-error">
      {message}{' '}
      {crashed && (
        <button type="button" onClick={restart} data-testid="worker-restart">
          Restart worker
        </button>
      )}
      {!crashed && status === 'error' && <span>Fix the setting and press Start again.</span>}
    </div>
  );
}

/** Training controls, hyperparameters and live readouts; each part selects only what it shows. */
export function TrainingPanel() {
  return (
    <section className="panel training-panel" aria-labelledby="train-title">
      <h2 id="train-title">Train it yourself</h2>
      <p className="hint wide">
        LeNet-5 learns MNIST in a Web Worker: the page stays smooth and your drawing is re-read with the newest weights as it learns. Start
        learns from fresh random weights (or fine-tunes the model in use, if you choose so below); Stop keeps what it learned.
      </p>
      <TrainingControls />
      <TrainingSettings />
      <BackendLine />
      <DataProgress />
      <TrainingProgress />
      <TrainingError />
      <EpochChart />
      <EpochTable />
    </section>
  );
}
