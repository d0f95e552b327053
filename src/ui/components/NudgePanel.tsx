import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { maxAbs, paintGrayInput, paintSigned } from '../explain/paint.ts';
import type { Mnist28 } from '../../shared/preprocess/mnist-style.ts';
import { SIGN_HUES } from '../../shared/viz/colormap.ts';
import styles from './Explain.module.css';

const DIGITS = Array.from({ length: 10 }, (_, d) => d);

/** L2 size of the original drawing (`input − delta`), to compare the change with. */
function ownL2(input: Float32Array, delta: Float32Array): number {
  let s = 0;
  for (let i = 0; i < input.length; i++) s += (input[i]! - delta[i]!) ** 2;
  return Math.sqrt(s);
}

/** "Nudge it to d": the smallest change found that makes the network answer d, and its size. */
export function NudgePanel() {
  const changeRef = useRef<HTMLCanvasElement>(null);
  const changedRef = useRef<HTMLCanvasElement>(null);
  const { target, nudge, ready, actions } = useAppStore(
    useShallow((s) => ({
      target: s.explain.nudgeTarget,
      nudge: s.explain.nudge,
      ready: s.prediction.state === 'ready' && s.prediction.result !== null,
      actions: s.explain.actions,
    })),
  );
  const r = nudge.result;
  const palette = useAppStore((s) => s.view.palette);

  useEffect(() => {
    if (!r || !changeRef.current || !changedRef.current) return;
    paintSigned(changeRef.current, r.delta, 28, 28, maxAbs(r.delta));
    paintGrayInput(changedRef.current, r.input);
  }, [r, palette]);

  return (
    <div className={styles.nudge}>
      <div className={styles.nudgeControls} data-testid="nudge">
        <label>
          Nudge it to{' '}
          <select value={target} onChange={(e) => actions.setNudgeTarget(Number(e.target.value))} data-testid="nudge-target">
            {DIGITS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={actions.requestNudge} disabled={!ready || nudge.state === 'running'} data-testid="nudge-run">
          {nudge.state === 'running' ? 'Nudging…' : 'Nudge'}
        </button>
      </div>
      {nudge.state === 'error' && <p className="error-text">{nudge.error}</p>}
      {r && (
        <div
          className={styles.nudgeResult}
          data-testid="nudge-result"
          data-target={String(r.target)}
          data-reached={String(r.reached)}
          data-steps={String(r.steps)}
          data-l2={r.l2.toFixed(4)}
          data-answer={String(r.answer)}
        >
          <figure>
            <canvas ref={changeRef} className={`px ${styles.small}`} />
            <figcaption>change ({SIGN_HUES[palette].positive}: ink added)</figcaption>
          </figure>
          <figure>
            <canvas ref={changedRef} className={`px ${styles.small}`} />
            <figcaption>changed input</figcaption>
          </figure>
          <div className={styles.nudgeText}>
            {r.reached ? (
              <p>
                The net now answers <strong>{r.target}</strong> ({(r.confidence * 100).toFixed(0)} %) after {r.steps} steps; the change has
                L2 size <strong>{r.l2.toFixed(2)}</strong> (pixels 0–1; the drawing itself has {r ? ownL2(r.input, r.delta).toFixed(1) : ''}
                ).
              </p>
            ) : (
              <p>
                Did not get to <strong>{r.target}</strong> within {r.steps} steps (the net still answers {r.answer}).
              </p>
            )}
            <p className="muted">{nudge.ms.toFixed(0)} ms</p>
            <button
              type="button"
              onClick={() => useAppStore.getState().drawing.session.loadImage(Float32Array.from(r.input) as Mnist28)}
              data-testid="nudge-load"
            >
              Try it in the lab
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
