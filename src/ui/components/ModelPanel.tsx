import './ModelPanel.css';
import { useRef, useState } from 'react';
import { useAppStore } from '../store/index.ts';
import { selectRunBusy } from '../store/selectors.ts';
import { SetAsideModel } from './SetAsideModel.tsx';

/** Which model the lab runs, and moving models in and out: restore, load saved, export, import. */
export function ModelPanel() {
  const { label, kind, requestError, actions, variant } = useAppStore((s) => s.model);
  const saved = useAppStore((s) => s.training.saved);
  const fileRef = useRef<HTMLInputElement>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const inRun = useAppStore(selectRunBusy);
  const reason = inRun ? 'Stop the training run first' : undefined;

  return (
    <section className="panel model-panel" aria-labelledby="model-title">
      <h2 id="model-title">Your model</h2>
      <p>
        In use:{' '}
        <strong data-testid="model-kind" data-kind={kind ?? ''}>
          {label || '…'}
        </strong>
      </p>
      <p className="muted" data-testid="save-status" data-ok={saved ? String(saved.ok) : ''}>
        {saved === null && 'Trained models are saved in this browser after every epoch.'}
        {saved?.ok === true &&
          `Saved in this browser at ${new Date(saved.at).toLocaleTimeString()} (epoch ${saved.epoch}); it comes back when you reload.`}
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
          Restore pretrained
        </button>
        <button
          type="button"
          data-testid="load-saved"
          disabled={inRun}
          title={reason}
          onClick={() => actions.request({ kind: 'saved', variant })}
        >
          Load saved
        </button>
        <button
          type="button"
          data-testid="export-model"
          onClick={() => {
            setExportError(null);
            actions.exportModel().catch((e: unknown) => setExportError(`Export failed: ${(e as Error).message}`));
          }}
        >
          Export (model.json + weights)
        </button>
        <button type="button" data-testid="import-model" disabled={inRun} title={reason} onClick={() => fileRef.current?.click()}>
          Import…
        </button>
        <input
          ref={fileRef}
          type="file"
          multiple
          accept=".json,.bin,application/json,application/octet-stream"
          hidden
          data-testid="import-input"
          aria-label="Import model.json and weights.bin"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length) actions.request({ kind: 'imported', files });
          }}
        />
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
