import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { startExplain } from '../explain/controller.ts';
import { disposeExplainWorker } from '../explain/worker-client.ts';
import { divergingGradientCss, paintPaper, paintSignedOverlay, saliencyScale } from '../explain/paint.ts';
import { legendText, methodLabel } from '../explain/legend.ts';
import { useFormat } from '../i18n/format.ts';
import { SALIENCY_METHODS, type SaliencyMethod } from '../../shared/explain/saliency.ts';
import type { SaliencyView } from '../store/explain-slice.ts';
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
  // What the panel's words depend on. The map itself, its scale, its time and its state change with
  // every stroke: they are written to the DOM from a subscription below, not through renders.
  const { cls, versus, method, variant, answer, shownCls, shownVersus, shownMethod, shownVariant, actions } = useAppStore(
    useShallow((s) => {
      const v = s.explain.saliency;
      return {
        cls: s.explain.cls,
        versus: s.explain.versus,
        method: s.explain.method,
        variant: s.model.variant,
        // The last answer, also while the next one computes (no render per frame while drawing).
        answer: s.prediction.state === 'empty' || s.prediction.state === 'unavailable' ? null : (s.prediction.result?.digit ?? null),
        shownCls: v?.cls ?? null,
        shownVersus: v?.versus ?? null,
        shownMethod: v?.method ?? null,
        shownVariant: v?.variant ?? null,
        actions: s.explain.actions,
      };
    }),
  );
  const shown =
    shownCls === null || shownMethod === null || shownVariant === null
      ? null
      : { cls: shownCls, versus: shownVersus, method: shownMethod, variant: shownVariant };
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

  const explained = shown?.cls ?? cls ?? answer;
  const legend =
    explained === null ? null : legendText(t, shown?.method ?? method, shown?.variant ?? variant, explained, shown ? shown.versus : versus);
  const hasLegend = legend !== null;

  // The maps change every frame while drawing: painted, with their scale, time and state, from a
  // subscription, not in renders.
  const timingRef = useRef<HTMLParagraphElement>(null);
  const lowRef = useRef<HTMLSpanElement>(null);
  const highRef = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let painted: SaliencyView | null | undefined;
    const paint = () => {
      const { saliency: view, state } = useAppStore.getState().explain;
      const [base, overlay] = [baseRef.current, overlayRef.current];
      if (!base || !overlay) return;
      overlay.dataset['state'] = state;
      if (view === painted) return;
      painted = view;
      const scale = view ? saliencyScale(view.map) : 1;
      paintPaper(base, view?.input ?? null, 28, 28);
      paintSignedOverlay(overlay, view?.map ?? [], 28, 28, scale);
      if (timingRef.current) timingRef.current.textContent = view ? t('explain.ms', { ms: f.num(view.ms, 1) }) : '';
      if (lowRef.current) lowRef.current.textContent = view ? `(−${scale.toPrecision(2)})` : '';
      if (highRef.current) highRef.current.textContent = view ? `(+${scale.toPrecision(2)})` : '';
    };
    paint();
    return useAppStore.subscribe((s, prev) => {
      if (s.explain.saliency !== prev.explain.saliency || s.explain.state !== prev.explain.state) paint();
    });
    // The timing's and the legend's elements are (re)mounted as `shown` and `legend` come and go.
  }, [palette, t, f, shownCls, shownVersus, shownMethod, shownVariant, hasLegend]);

  return (
    <section className={`panel ${styles.panel}`} aria-labelledby="explain-title">
      <h2 id="explain-title">
        {explained == null
          ? t('explain.titleEmpty')
          : shown?.versus != null
            ? t('explain.titleVs', { digit: explained, versus: shown.versus })
            : t('explain.title', { digit: explained })}
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
          {shown && <p className={styles.timing} ref={timingRef} />}
        </div>
      </div>
      {legend && (
        <div className={styles.legend} data-testid="saliency-legend">
          <div className={styles.bar} style={{ background: divergingGradientCss(palette) }} aria-hidden="true" />
          <div className={styles.ends}>
            <span>
              {legend.low} <span ref={lowRef} />
            </span>
            <span>0</span>
            <span>
              {legend.high} <span ref={highRef} />
            </span>
          </div>
          <p className={styles.what}>{legend.what}</p>
        </div>
      )}
      <NudgePanel />
    </section>
  );
}
