import './EvaluationPanel.css';
import { useAppStore } from '../store/index.ts';
import { selectRunBusy } from '../store/selectors.ts';
import { accuracyOf, perClassAccuracy } from '../../shared/eval/metrics.ts';
import { ConfusionMatrix } from './ConfusionMatrix.tsx';
import { Gallery } from './Gallery.tsx';
import { PaperTable } from './PaperTable.tsx';

/** Accuracy of the lab's model on all 10,000 test images, where it fails, and a comparison of runs. */
export function EvaluationPanel() {
  const ev = useAppStore((s) => s.evaluation);
  const modelLabel = useAppStore((s) => s.model.label);
  const busyTraining = useAppStore(selectRunBusy);
  const myCount = useAppStore((s) => s.mydigits.digits.length);
  const evaluateMine = useAppStore((s) => s.mydigits.actions.evaluateMine);
  const running = ev.status === 'running';
  const acc = ev.matrix ? accuracyOf(ev.matrix) : null;
  const perClass = ev.matrix ? perClassAccuracy(ev.matrix) : null;
  const pct = ev.progress.total ? (ev.progress.done / ev.progress.total) * 100 : 0;

  return (
    <section className="panel eval-panel" aria-labelledby="eval-title">
      <h2 id="eval-title">Evaluate on the 10,000 test images</h2>
      <div className="row wrap">
        <button
          type="button"
          data-testid="evaluate"
          onClick={ev.actions.run}
          disabled={running || busyTraining}
          title={busyTraining ? 'Stop or reset the training run first' : undefined}
        >
          Evaluate {modelLabel || 'the model'}
        </button>
        <button
          type="button"
          data-testid="evaluate-mine"
          onClick={evaluateMine}
          disabled={running || busyTraining || myCount === 0}
          title={myCount === 0 ? 'Teach it some of your digits first' : undefined}
        >
          on your {myCount} digits
        </button>
        <button type="button" data-testid="evaluate-cancel" onClick={ev.actions.cancel} disabled={!running}>
          Cancel
        </button>
        {running && (
          <span className="progress-line inline">
            <progress max={100} value={pct} aria-label="Evaluation progress" /> {ev.progress.done.toLocaleString('en')} /{' '}
            {ev.progress.total.toLocaleString('en')}
          </span>
        )}
        {ev.status === 'cancelled' && <span className="muted">Cancelled.</span>}
      </div>
      {ev.message && (
        <p className="error-box" role="alert">
          {ev.message}
        </p>
      )}
      <p
        className="eval-result"
        data-testid="test-accuracy"
        data-value={acc && ev.status !== 'running' ? acc.accuracy.toFixed(4) : ''}
        data-status={ev.status}
      >
        {acc && (
          <>
            <strong>{(acc.accuracy * 100).toFixed(2)} %</strong> correct ({acc.correct.toLocaleString('en')} /{' '}
            {acc.total.toLocaleString('en')}, error rate {((1 - acc.accuracy) * 100).toFixed(2)} %) · {ev.model} ·{' '}
            {(ev.ms / 1000).toFixed(1)} s
          </>
        )}
        {!acc && !running && 'Run an evaluation to see accuracy, the confusion matrix and the mistakes.'}
      </p>
      {perClass && (
        <div className="per-class" aria-label="Accuracy per digit">
          {perClass.map((a, d) => (
            <span key={d}>
              <b>{d}</b> {(a * 100).toFixed(1)}%
            </span>
          ))}
        </div>
      )}
      {ev.matrix && (
        <div className="eval-body">
          <ConfusionMatrix />
          <Gallery />
        </div>
      )}
      <PaperTable />
      {ev.history.length > 0 && (
        <table className="epochs compare" data-testid="eval-history" aria-label="Evaluations so far">
          <thead>
            <tr>
              <th>model</th>
              <th>accuracy</th>
              <th>errors</th>
              <th>time</th>
              <th>when</th>
            </tr>
          </thead>
          <tbody>
            {ev.history.map((r) => (
              <tr key={r.at}>
                <td>{r.model}</td>
                <td>{(r.accuracy * 100).toFixed(2)} %</td>
                <td>
                  {r.errors} / {r.total}
                </td>
                <td>{(r.ms / 1000).toFixed(1)} s</td>
                <td>{new Date(r.at).toLocaleTimeString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
