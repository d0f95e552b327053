import { useAppStore } from '../../store/index.ts';
import { selectRunBusy, selectWorkerBusy } from '../../store/selectors.ts';
import { useTranslation } from 'react-i18next';

/** Start / Pause / Stop / Step / Reset: each a store action. */
export function TrainingControls() {
  const status = useAppStore((s) => s.training.status);
  const crashed = useAppStore((s) => s.training.crashed);
  const actions = useAppStore((s) => s.training.actions);
  const inRun = useAppStore(selectRunBusy);
  const busy = useAppStore(selectWorkerBusy);
  const { t } = useTranslation();
  return (
    <div className="row wrap">
      <button type="button" data-testid="train-start" onClick={actions.start} disabled={busy || crashed}>
        {status === 'paused' ? t('training.resume') : t('training.start')}
      </button>
      <button type="button" data-testid="train-pause" onClick={actions.pause} disabled={status !== 'training'}>
        {t('training.pause')}
      </button>
      <button type="button" data-testid="train-stop" onClick={actions.stop} disabled={!inRun}>
        {status === 'loading' ? t('training.cancel') : t('training.stop')}
      </button>
      <button type="button" data-testid="train-step" onClick={actions.step} disabled={busy || crashed}>
        {t('training.step')}
      </button>
      <button type="button" data-testid="train-reset" onClick={actions.reset} disabled={busy} title={t('training.resetTitle')}>
        {t('training.reset')}
      </button>
    </div>
  );
}
