import './OfflineStatus.css';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  if (offline === 'off' && !needRefresh) return null;
  return (
    <div className="offline-status">
      {offline !== 'off' && (
        <span data-testid="offline-ready" data-state={offline} role="status" className={offline === 'error' ? 'error-text' : undefined}>
          {offline === 'installing' && t('offline.installing')}
          {offline === 'caching' && t('offline.caching', { kept: dataKept, total: dataTotal || '…' })}
          {offline === 'ready' && t('offline.ready')}
          {offline === 'error' && message}
        </span>
      )}
      {needRefresh && (
        <span className="update" data-testid="update-ready">
          {t('offline.update')}{' '}
          <button
            type="button"
            onClick={applyUpdate}
            disabled={busy}
            data-testid="update-reload"
            title={busy ? t('offline.busy') : undefined}
          >
            {t('offline.reload')}
          </button>
          {busy && <span className="muted"> {t('offline.afterRun')}</span>}
        </span>
      )}
    </div>
  );
}
