import './ModelPanel.css';
import { useState } from 'react';
import { useAppStore } from '../store/index.ts';
import { selectRunBusy } from '../store/selectors.ts';
import { SetAsideModel } from './SetAsideModel.tsx';
import { FileButton } from './FileButton.tsx';
import { useTranslation } from 'react-i18next';
import { modelLabel } from '../i18n/labels.ts';

/** Which model the lab runs, and moving models in and out: restore, load saved, export, import. */
export function ModelPanel() {
  const { label, kind, requestError, actions, variant } = useAppStore((s) => s.model);
  const saved = useAppStore((s) => s.training.saved);
  const [exportError, setExportError] = useState<string | null>(null);
  const inRun = useAppStore(selectRunBusy);
  const { t, i18n } = useTranslation();
  const reason = inRun ? t('model.runBusy') : undefined;

  return (
    <section className="panel model-panel" aria-labelledby="model-title">
      <h2 id="model-title">{t('model.title')}</h2>
      <p>
        {t('model.inUse')}{' '}
        <strong data-testid="model-kind" data-kind={kind ?? ''}>
          {label ? modelLabel(t, label) : '…'}
        </strong>
      </p>
      <p className="muted" data-testid="save-status" data-ok={saved ? String(saved.ok) : ''}>
        {saved === null && t('model.savedHint')}
        {saved?.ok === true && t('model.savedAt', { time: new Date(saved.at).toLocaleTimeString(i18n.language), epoch: saved.epoch })}
      </p>
      {saved?.ok === false && (
        <p className="error-box" role="alert">
          {saved.error}
        </p>
      )}
      <div className="row wrap">
        <button
          type="button"
          data-testid="restore-pretrained"
          disabled={inRun}
          title={reason}
          onClick={() => actions.request({ kind: 'shipped', variant })}
        >
          {t('model.restore')}
        </button>
        <button
          type="button"
          data-testid="load-saved"
          disabled={inRun}
          title={reason}
          onClick={() => actions.request({ kind: 'saved', variant })}
        >
          {t('model.loadSaved')}
        </button>
        <button
          type="button"
          data-testid="export-model"
          onClick={() => {
            setExportError(null);
            actions.exportModel().catch((e: unknown) => setExportError(t('model.exportFailed', { error: (e as Error).message })));
          }}
        >
          {t('model.export')}
        </button>
        <FileButton
          buttonTestId="import-model"
          inputTestId="import-input"
          disabled={inRun}
          title={reason}
          label={t('model.importLabel')}
          accept=".json,.bin,application/json,application/octet-stream"
          onFiles={(files) => actions.request({ kind: 'imported', files })}
        >
          {t('model.import')}
        </FileButton>
      </div>
      <SetAsideModel />
      {(requestError ?? exportError) && (
        <p className="error-box" role="alert" data-testid="model-error">
          {requestError ?? exportError}
        </p>
      )}
    </section>
  );
}
