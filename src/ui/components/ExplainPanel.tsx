import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { startExplain } from '../explain/controller.ts';
import { disposeExplainWorker } from '../explain/worker-client.ts';
import { divergingGradientCss, paintPaper, paintSignedOverlay, saliencyScale } from '../explain/paint.ts';
import { legendText, methodLabel } from '../explain/legend.ts';
import { useFormat } from '../i18n/format.ts';
import { SALIENCY_METHODS, type SaliencyMethod } from '../../shared/explain/saliency.ts';
import { NudgePanel } from './NudgePanel.tsx';
import styles from './Explain.module.css';

const DIGITS = Array.from({ length: 10 }, (_, d) => d);

/**
 * "Why d?": which pixels of the drawing push the network toward the digit whose bar was clicked
 * (or its answer), and away from it; "and not v" for the difference of two classes. Owns the
 * explain controller, which computes the maps on the UI thread after each prediction.
 */
export function ExplainPanel() {
  const baseRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const { cls, versus, method, state, shown, variant, answer, actions } = useAppStore(
    useShallow((s) => ({
      cls: s.explain.cls,
      versus: s.explain.versus,
      method: s.explain.method,
      state: s.explain.state,
      shown: s.explain.saliency,
      variant: s.model.variant,
      answer: s.prediction.state === 'ready' ? (s.prediction.result?.digit ?? null) : null,
      actions: s.explain.actions,
    })),
  );
  const palette = useAppStore((s) => s.view.palette);

  const { t, f } = useFormat();

  // Live maps only while the map itself is on screen (not when only the panel's title peeks in at
  // the bottom, nor in a hidden phone section).
  const figureRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const figure = figureRef.current;
    if (!figure || typeof IntersectionObserver === 'undefined') {
      actions.setInView(true);
      return;
    }
    const io = new IntersectionObserver((entries) => actions.setInView(entries[entries.length - 1]?.isIntersecting ?? false));
    io.observe(figure);
    return () => {
      io.disconnect();
      actions.setInView(false);
    };
  }, [actions]);

  useEffect(() => {
    const stop = startExplain();
    return () => {
      stop();
      disposeExplainWorker();
    };
  }, []);

  // The maps change every frame while drawing: painted from a subscription, not in renders.
  useEffect(() => {
    const paint = () => {
      const view = useAppStore.getState().explain.saliency;
      const [base, overlay] = [baseRef.current, overlayRef.current];
      if (!base || !overlay) return;
      paintPaper(base, view?.input ?? null, 28, 28);
      paintSignedOverlay(overlay, view?.map ?? [], 28, 28, view ? saliencyScale(view.map) : 1);
    };
    paint();
    return useAppStore.subscribe((s, prev) => {
      if (s.explain.saliency !== prev.explain.saliency) paint();
    });
  }, [palette]);

  const explained = shown?.cls ?? cls ?? answer;
  const legend =
    explained === null ? null : legendText(t, shown?.method ?? method, shown?.variant ?? variant, explained, shown ? shown.versus : versus);
  const scale = shown ? saliencyScale(shown.map) : 0;

  return (
    <section className={`panel ${styles.panel}`} aria-labelledby="explain-title">
      <h2 id="explain-title">
        {shown?.versus != null
          ? t('explain.titleVs', { digit: explained ?? t('explain.placeholderDigit'), versus: shown.versus })
          : t('explain.title', { digit: explained ?? t('explain.placeholderDigit') })}
      </h2>
      <p className={styles.hint}>{cls === null ? t('explain.followAnswer') : t('explain.fixed', { digit: cls })}</p>
      <div className={styles.figure} ref={figureRef}>
        <div className={styles.stack}>
          <canvas ref={baseRef} className={styles.layer} aria-hidden="true" />
          <canvas
            ref={overlayRef}
            className={styles.layer}
            data-testid="saliency"
            data-class={shown ? String(shown.cls) : ''}
            data-versus={shown?.versus != null ? String(shown.versus) : ''}
            data-method={shown?.method ?? method}
            data-state={state}
            role="img"
            aria-label={shown ? t('explain.saliency', { method: methodLabel(t, shown.method), digit: shown.cls }) : t('explain.noSaliency')}
          />
        </div>
        <div className={styles.side}>
          <fieldset className={styles.methods}>
            <legend className={styles.srOnly}>{t('explain.methodLegend')}</legend>
            {SALIENCY_METHODS.map((m: SaliencyMethod) => (
              <label key={m}>
                <input
                  type="radio"
                  name="saliency-method"
                  value={m}
                  checked={method === m}
                  onChange={() => actions.setMethod(m)}
                  data-testid={`method-${m}`}
                />
                {methodLabel(t, m)}
              </label>
            ))}
          </fieldset>
          <label className={styles.versus}>
            {t('explain.andNot')}{' '}
            <select
              value={versus ?? ''}
              onChange={(e) => actions.setVersus(e.target.value === '' ? null : Number(e.target.value))}
              data-testid="saliency-versus"
            >
              <option value="">—</option>
              {DIGITS.map((d) => (
                <option key={d} value={d} disabled={d === explained}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          {shown && <p className={styles.timing}>{t('explain.ms', { ms: f.num(shown.ms, 1) })}</p>}
        </div>
      </div>
      {legend && (
        <div className={styles.legend} data-testid="saliency-legend">
          <div className={styles.bar} style={{ background: divergingGradientCss(palette) }} aria-hidden="true" />
          <div className={styles.ends}>
            <span>
              {legend.low} (−{scale.toPrecision(2)})
            </span>
            <span>0</span>
            <span>
              {legend.high} (+{scale.toPrecision(2)})
            </span>
          </div>
          <p className={styles.what}>{legend.what}</p>
        </div>
      )}
      <NudgePanel />
    </section>
  );
}
