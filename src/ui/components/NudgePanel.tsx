import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { maxAbs, paintGrayInput, paintSigned } from '../explain/paint.ts';
import type { Mnist28 } from '../../shared/preprocess/mnist-style.ts';
import { SIGN_HUES } from '../../shared/viz/colormap.ts';
import styles from './Explain.module.css';
import { Trans } from 'react-i18next';
import { useFormat } from '../i18n/format.ts';

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
      // A drawing with an answer (the last one while the next computes: no render per frame while drawing).
      ready: (s.prediction.state === 'ready' || s.prediction.state === 'pending') && s.prediction.result !== null,
      actions: s.explain.actions,
    })),
  );
  const r = nudge.result;
  const palette = useAppStore((s) => s.view.palette);
  const { t, f } = useFormat();

  useEffect(() => {
    if (!r || !changeRef.current || !changedRef.current) return;
    paintSigned(changeRef.current, r.delta, 28, 28, maxAbs(r.delta));
    paintGrayInput(changedRef.current, r.input);
  }, [r, palette]);

  return (
    <div className={styles.nudge}>
      <div className={styles.nudgeControls} data-testid="nudge">
        <label>
          {t('nudge.label')}{' '}
          <select value={target} onChange={(e) => actions.setNudgeTarget(Number(e.target.value))} data-testid="nudge-target">
            {DIGITS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={actions.requestNudge} disabled={!ready || nudge.state === 'running'} data-testid="nudge-run">
          {nudge.state === 'running' ? t('nudge.running') : t('nudge.run')}
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
            <figcaption>{t('nudge.change', { hue: SIGN_HUES[palette].positive })}</figcaption>
          </figure>
          <figure>
            <canvas ref={changedRef} className={`px ${styles.small}`} />
            <figcaption>{t('nudge.changed')}</figcaption>
          </figure>
          <div className={styles.nudgeText}>
            {r.reached ? (
              <p>
                <Trans
                  i18nKey="nudge.reached"
                  values={{
                    target: r.target,
                    pct: f.pct(r.confidence, 0),
                    steps: f.num(r.steps),
                    l2: f.num(r.l2, 2),
                    own: f.num(ownL2(r.input, r.delta), 1),
                  }}
                  components={{ b: <strong /> }}
                />
              </p>
            ) : (
              <p>
                <Trans
                  i18nKey="nudge.notReached"
                  values={{ target: r.target, steps: f.num(r.steps), answer: r.answer }}
                  components={{ b: <strong /> }}
                />
              </p>
            )}
            <p className="muted">{t('explain.ms', { ms: f.num(nudge.ms, 0) })}</p>
            <button
              type="button"
              onClick={() => useAppStore.getState().drawing.session.loadImage(Float32Array.from(r.input) as Mnist28)}
              data-testid="nudge-load"
            >
              {t('nudge.tryIt')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
