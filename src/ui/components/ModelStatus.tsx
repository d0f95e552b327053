import './ModelStatus.css';
import { useAppStore } from '../store/index.ts';

/** Which model runs, how good it is and on which tfjs backend; the load error with Retry. */
export function ModelStatus() {
  const { status, error, backend, label, accuracy, actions } = useAppStore((s) => s.model);
  const skipped = backend?.skipped.map((s) => `${s.name} skipped: ${s.reason}`).join('; ');
  return (
    <div className="model-status" data-testid="model-status" data-state={status} data-backend={backend?.name ?? ''} role="status">
      {status === 'loading' && <span>Loading the model…</span>}
      {status === 'ready' && (
        <span>
          <strong>{label} LeNet-5</strong>
          {accuracy && (
            <>
              {' '}
              · {(accuracy.value * 100).toFixed(2)} % {accuracy.on === 'test' ? 'on the MNIST test set' : 'validation accuracy'}
            </>
          )}{' '}
          · runs on{' '}
          <span className="backend" title={skipped || undefined}>
            {backend?.name}
          </span>
        </span>
      )}
      {status === 'error' && (
        <span className="error-text">
          The model could not load: {error}{' '}
          <button type="button" onClick={actions.retry} data-testid="model-retry">
            Retry
          </button>
        </span>
      )}
    </div>
  );
}
