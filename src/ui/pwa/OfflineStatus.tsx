import './OfflineStatus.css';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { selectRunBusy } from '../store/selectors.ts';
import { applyUpdate } from './register.ts';

/**
 * Whether the lab works offline (`data-testid="offline-ready"`, `data-state` = the slice's
 * `OfflineState`), and the "Reload to update" button when a new version waits.
 */
export function OfflineStatus() {
  const { offline, dataKept, dataTotal, message, needRefresh } = useAppStore(
    useShallow((s) => ({
      offline: s.pwa.offline,
      dataKept: s.pwa.dataKept,
      dataTotal: s.pwa.dataTotal,
      message: s.pwa.message,
      needRefresh: s.pwa.needRefresh,
    })),
  );
  const busy = useAppStore(selectRunBusy);
  if (offline === 'off' && !needRefresh) return null;
  return (
    <div className="offline-status">
      {offline !== 'off' && (
        <span data-testid="offline-ready" data-state={offline} role="status" className={offline === 'error' ? 'error-text' : undefined}>
          {offline === 'installing' && 'Saving the app for offline use…'}
          {offline === 'caching' && `Saving the data for offline use (${dataKept}/${dataTotal || '…'})…`}
          {offline === 'ready' && 'Works offline'}
          {offline === 'error' && message}
        </span>
      )}
      {needRefresh && (
        <span className="update" data-testid="update-ready">
          A new version is ready.{' '}
          <button
            type="button"
            onClick={applyUpdate}
            disabled={busy}
            data-testid="update-reload"
            title={busy ? 'Stop or finish the training run first: reloading would end it' : undefined}
          >
            Reload to update
          </button>
          {busy && <span className="muted"> (after the training run)</span>}
        </span>
      )}
    </div>
  );
}
