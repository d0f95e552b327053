import { useEffect, useState } from 'react';
import { useAppStore } from '../store/index.ts';
import { useTranslation } from 'react-i18next';
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
  const { t, i18n } = useTranslation();

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
        {found.at
          ? t('setAside.textAt', { variant: t(`variant.short.${variant}`), at: new Date(found.at).toLocaleString(i18n.language) })
          : t('setAside.text', { variant: t(`variant.short.${variant}`) })}{' '}
        <span data-testid="set-aside-reason">{found.reason}</span>
      </p>
      <div className="row wrap">
        <button
          type="button"
          data-testid="set-aside-export"
          onClick={() => {
            setError(null);
            exportSetAside(variant).catch((e: unknown) => setError(t('model.exportFailed', { error: (e as Error).message })));
          }}
        >
          {t('setAside.export')}
        </button>
        <button
          type="button"
          data-testid="set-aside-discard"
          onClick={() => {
            setError(null);
            discardSetAside(variant).then(
              () => setChecked((n) => n + 1),
              (e: unknown) => setError(t('setAside.discardFailed', { error: (e as Error).message })),
            );
          }}
        >
          {t('setAside.discard')}
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
    </div>
  );
}
