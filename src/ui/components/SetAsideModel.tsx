import { useEffect, useState } from 'react';
import { useAppStore } from '../store/index.ts';
import { discardSetAside, exportSetAside, findSetAside, type SetAsideModel as SetAside } from '../inference/sources.ts';

/**
 * A saved model that no longer opened (an older architecture, a damaged save) is set aside, not
 * deleted: this says why, and lets the user export it or discard it.
 */
export function SetAsideModel() {
  const variant = useAppStore((s) => s.model.variant);
  const requestId = useAppStore((s) => s.model.requestId);
  const status = useAppStore((s) => s.model.status);
  const [found, setFound] = useState<SetAside | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checked, setChecked] = useState(0);

  useEffect(() => {
    let live = true;
    findSetAside(variant).then(
      (m) => live && setFound(m),
      () => live && setFound(null),
    );
    return () => {
      live = false;
    };
  }, [variant, requestId, status, checked]);

  if (!found || found.variant !== variant) return null;
  return (
    <div className="set-aside" data-testid="set-aside">
      <p>
        A saved {variant} model was set aside{found.at ? ` on ${new Date(found.at).toLocaleString()}` : ''} because it could not be opened:{' '}
        <span data-testid="set-aside-reason">{found.reason}</span>
      </p>
      <div className="row wrap">
        <button
          type="button"
          data-testid="set-aside-export"
          onClick={() => {
            setError(null);
            exportSetAside(variant).catch((e: unknown) => setError(`Export failed: ${(e as Error).message}`));
          }}
        >
          Export it
        </button>
        <button
          type="button"
          data-testid="set-aside-discard"
          onClick={() => {
            setError(null);
            discardSetAside(variant).then(
              () => setChecked((n) => n + 1),
              (e: unknown) => setError(`Could not discard it: ${(e as Error).message}`),
            );
          }}
        >
          Discard it
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
    </div>
  );
}
