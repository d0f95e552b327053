import { useAppStore } from '../store/index.ts';

/** Which model runs, how good it is and on which tfjs backend; the load error with Retry. */
export function ModelStatus() {
  const { status, error, backend, metrics, source, actions } = useAppStore((s) => s.model);
  const skipped = backend?.skipped.map((s) => `${s.name} skipped: ${s.reason}`).join('\n');
  return (
    <div className="model-status" data-testid="model-status" data-state={status} data-backend={backend?.name ?? ''} role="status">
      {status === 'loading' && <span>Loading the model…</span>}
      {status === 'ready' && (
        <span>
          <strong>{source} LeNet-5</strong>
          {metrics && <> · {(metrics.testAccuracy * 100).toFixed(2)} % on the MNIST test set</>} · runs on{' '}
          <span className="backend" title={skipped || undefined}>
            {backend?.name}
          </span>
          {backend && backend.skipped.length > 0 && <span className="muted"> ({skipped})</span>}
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
