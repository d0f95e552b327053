import { useAppStore } from '../../store/index.ts';
import { selectRunBusy, selectWorkerBusy } from '../../store/selectors.ts';

/** Start / Pause / Stop / Step / Reset: each a store action. */
export function TrainingControls() {
  const status = useAppStore((s) => s.training.status);
  const crashed = useAppStore((s) => s.training.crashed);
  const actions = useAppStore((s) => s.training.actions);
  const inRun = useAppStore(selectRunBusy);
  const busy = useAppStore(selectWorkerBusy);
  return (
    <div className="row wrap">
      <button type="button" data-testid="train-start" onClick={actions.start} disabled={busy || crashed}>
        {status === 'paused' ? 'Resume' : 'Start'}
      </button>
      <button type="button" data-testid="train-pause" onClick={actions.pause} disabled={status !== 'training'}>
        Pause
      </button>
      <button type="button" data-testid="train-stop" onClick={actions.stop} disabled={!inRun}>
        {status === 'loading' ? 'Cancel' : 'Stop'}
      </button>
      <button type="button" data-testid="train-step" onClick={actions.step} disabled={busy || crashed}>
        Step one batch
      </button>
      <button
        type="button"
        data-testid="train-reset"
        onClick={actions.reset}
        disabled={busy}
        title="Drop the run's weights and chart: the model in use before the run comes back, and the next run starts afresh"
      >
        Reset
      </button>
    </div>
  );
}
