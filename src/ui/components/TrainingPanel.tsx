import './TrainingPanel.css';
import { workerText } from '../i18n/labels.ts';
import { useAppStore } from '../store/index.ts';
import { EpochChart } from './EpochChart.tsx';
import { TrainingControls } from './training/TrainingControls.tsx';
import { TrainingSettings } from './training/TrainingSettings.tsx';
import { DataProgress, TrainingProgress } from './training/TrainingProgress.tsx';
import { EpochTable } from './training/EpochTable.tsx';
import { useTranslation } from 'react-i18next';
import { skippedReason } from '../i18n/labels.ts';

/** Which backend trains, and why not a faster one. */
function BackendLine() {
  const backend = useAppStore((s) => s.training.backend);
  const { t } = useTranslation();
  return (
    <p className="backend-line" data-testid="backend" data-backend={backend?.name ?? ''}>
      {t('training.backend')} <span className="backend">{backend?.name ?? t('training.backendLater')}</span>
      {backend && backend.skipped.length > 0 && (
        <span className="muted">
          {' '}
          {t('training.fellBack', { reasons: backend.skipped.map((s) => `${s.name}: ${skippedReason(t, s)}`).join('; ') })}
        </span>
      )}
    </p>
  );
}

/** A message ends as a sentence before the advice that follows it. */
const sentence = (text: string): string => (/[.!?。]$/.test(text) ? text : `${text}.`);

/** What went wrong (data, backend, divergence, a crashed worker) and how to go on. */
function TrainingError() {
  const message = useAppStore((s) => s.training.message);
  const crashed = useAppStore((s) => s.training.crashed);
  const status = useAppStore((s) => s.training.status);
  const stage = useAppStore((s) => s.training.errorStage);
  const restart = useAppStore((s) => s.training.actions.restartWorker);
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <div className="error-box" role="alert" data-testid="train-error">
      {sentence(workerText(t, message))}{' '}
      {crashed && (
        <button type="button" onClick={restart} data-testid="worker-restart">
          {t('training.restart')}
        </button>
      )}
      {!crashed && status === 'error' && <span>{t(stage === 'data' ? 'training.fixData' : 'training.fixSetting')}</span>}
    </div>
  );
}

/** Training controls, hyperparameters and live readouts; each part selects only what it shows. */
export function TrainingPanel() {
  const { t } = useTranslation();
  return (
    <section className="panel training-panel" aria-labelledby="train-title">
      <h2 id="train-title">{t('training.title')}</h2>
      <p className="hint wide">{t('training.intro')}</p>
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
