import './PredictionPanel.css';
import { useEffect, useState } from 'react';
import { useAppStore } from '../store/index.ts';

/** Below this probability the top digit is shown as a guess, not an answer. */
const CONFIDENT = 0.6;

/** The network's answer: the top digit, large, and a bar per class. */
export function PredictionPanel() {
  const state = useAppStore((s) => s.prediction.state);
  const result = useAppStore((s) => s.prediction.result);
  const modelError = useAppStore((s) => s.model.error);
  const modelStatus = useAppStore((s) => s.model.status);
  const shown = state === 'empty' || state === 'unavailable' ? null : result;
  const top = shown ? shown.probs[shown.digit]! : 0;
  const confident = top >= CONFIDENT;
  const version = useDrawingVersion();

  return (
    <section className="panel prediction-panel" aria-labelledby="prediction-title">
      <h2 id="prediction-title">Prediction</h2>
      <div
        className="prediction"
        data-testid="prediction"
        data-digit={shown ? String(shown.digit) : ''}
        data-state={state}
        data-version={version}
        data-confidence={shown ? top.toFixed(4) : ''}
        aria-live="polite"
      >
        {state === 'empty' && <p className="placeholder">Draw a digit on the pad — the answer appears here after every stroke.</p>}
        {state === 'unavailable' && (
          <p className="placeholder error-text">
            No prediction:{' '}
            {modelStatus === 'loading' ? 'the model is still loading…' : `the model could not load (${modelError ?? 'unknown error'}).`}
          </p>
        )}
        {shown && (
          <div className={`answer ${confident ? '' : 'unsure'}`}>
            <span className="digit" aria-label={`Predicted digit ${shown.digit}`}>
              {shown.digit}
            </span>
            <span className="confidence">{confident ? `${(top * 100).toFixed(1)} % sure` : `not sure (${(top * 100).toFixed(0)} %)`}</span>
          </div>
        )}
      </div>
      <ol className="bars" aria-label="Probability of each digit">
        {Array.from({ length: 10 }, (_, d) => {
          const p = shown ? shown.probs[d]! : 0;
          return (
            <li key={d} className={shown && d === shown.digit ? 'top' : ''}>
              <span className="bar-label">{d}</span>
              <span
                className="bar-track"
                role="meter"
                aria-valuemin={0}
                aria-valuemax={1}
                aria-valuenow={Number(p.toFixed(3))}
                aria-label={`digit ${d}`}
              >
                <span className="bar-fill" style={{ width: `${(p * 100).toFixed(1)}%` }} />
              </span>
              <span className="bar-value">{shown ? `${(p * 100).toFixed(1)}%` : ''}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/**
 * The drawing version (`DrawingSession.version`) the shown prediction state belongs to, taken when
 * the state changes: the controller only publishes an answer while the drawing is still the one it
 * read, so tests can wait for the answer of *this* drawing, not one left from a half-drawn digit.
 */
function useDrawingVersion(): number {
  const session = useAppStore((s) => s.drawing.session);
  const [version, setVersion] = useState(session.version);
  useEffect(
    () =>
      useAppStore.subscribe((s, prev) => {
        if (s.prediction !== prev.prediction) setVersion(session.version);
      }),
    [session],
  );
  return version;
}
