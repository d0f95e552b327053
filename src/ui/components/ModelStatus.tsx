import './ModelStatus.css';
import { useAppStore } from '../store/index.ts';
import { useFormat } from '../i18n/format.ts';
import { modelLabel, skippedReason } from '../i18n/labels.ts';

/** Which model runs, how good it is and on which tfjs backend; the load error with Retry. */
export function ModelStatus() {
  const { status, error, backend, label, accuracy, actions } = useAppStore((s) => s.model);
  const { t, f } = useFormat();
  const skipped = backend?.skipped.map((s) => t('modelStatus.skipped', { name: s.name, reason: skippedReason(t, s) })).join('; ');
  return (
    <div className="model-status" data-testid="model-status" data-state={status} data-backend={backend?.name ?? ''} role="status">
      {status === 'loading' && <span>{t('modelStatus.loading')}</span>}
      {status === 'ready' && (
        <span>
          <strong>{t('modelStatus.name', { label: modelLabel(t, label) })}</strong>
          {accuracy && (
            <> · {t(accuracy.on === 'test' ? 'modelStatus.onTest' : 'modelStatus.onValidation', { pct: f.pct(accuracy.value, 2) })}</>
          )}{' '}
          · {t('modelStatus.runsOn')}{' '}
          <span className="backend" title={skipped || undefined}>
            {backend?.name}
          </span>
        </span>
      )}
      {status === 'error' && (
        <span className="error-text">
          {t('modelStatus.failed', { error })}{' '}
          <button type="button" onClick={actions.retry} data-testid="model-retry">
            {t('modelStatus.retry')}
          </button>
        </span>
      )}
    </div>
  );
}
