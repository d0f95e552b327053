import { useAppStore } from '../store/index.ts';
import bars from './PredictionBars.module.css';

/** Below this probability the top digit is shown as a guess, not an answer. */
const CONFIDENT = 0.6;

/** The network's answer: the top digit, large, and a bar per class. */
export function PredictionPanel() {
  const state = useAppStore((s) => s.prediction.state);
  const result = useAppStore((s) => s.prediction.result);
  const modelError = useAppStore((s) => s.model.error);
  const modelStatus = useAppStore((s) => s.model.status);
  const explained = useAppStore((s) => s.explain.cls);
  const select = useAppStore((s) => s.explain.actions.select);
  const shown = state === 'empty' || state === 'unavailable' ? null : result;
  const top = shown ? shown.probs[shown.digit]! : 0;
  const confident = top >= CONFIDENT;

  return (
    <section className="panel prediction-panel" aria-labelledby="prediction-title">
      <h2 id="prediction-title">Prediction</h2>
      <div
        className="prediction"
        data-testid="prediction"
        data-digit={shown ? String(shown.digit) : ''}
        data-state={state}
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
      <ol className="bars" aria-label="Probability of each digit (click a digit to explain it)">
        {Array.from({ length: 10 }, (_, d) => {
          const p = shown ? shown.probs[d]! : 0;
          return (
            <li
              key={d}
              className={`${shown && d === shown.digit ? 'top' : ''} ${bars.clickable} ${explained === d ? bars.explained : ''}`}
              data-testid={`prob-${d}`}
              role="button"
              tabIndex={0}
              aria-pressed={explained === d}
              title={`Why ${d}? Show which pixels push toward ${d}`}
              onClick={() => select(d)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  select(d);
                }
              }}
            >
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
