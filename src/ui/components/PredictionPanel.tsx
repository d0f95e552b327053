import './PredictionPanel.css';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { useAppStore, type AppState } from '../store/index.ts';
import bars from './PredictionBars.module.css';
import { useFormat } from '../i18n/format.ts';

/** Below this probability the top digit is shown as a guess, not an answer. */
const CONFIDENT = 0.6;
const DIGITS = Array.from({ length: 10 }, (_, d) => d);

/** The answer's `data-*` attributes for a prediction state. */
function answerAttrs({ state, result }: Pick<AppState['prediction'], 'state' | 'result'>) {
  const shown = state === 'empty' || state === 'unavailable' ? null : result;
  return {
    'data-digit': shown ? String(shown.digit) : '',
    'data-state': state,
    'data-confidence': shown ? shown.probs[shown.digit]!.toFixed(4) : '',
    // Which drawing this answer is for (`DrawingSession.version`): tests wait for the answer of *this* drawing.
    'data-version': String(useAppStore.getState().drawing.session.version),
  };
}

/** The network's answer: the top digit, large, and a bar per class. */
export function PredictionPanel() {
  // While the pen moves, each frame's prediction passes through `pending` and back to `ready`. The
  // panel shows the last answer meanwhile, so it renders `pending` as `ready` (one render per answer,
  // not two); the answer's `data-state` still says `pending` (written below, outside renders).
  const state = useAppStore((s) => (s.prediction.state === 'pending' && s.prediction.result !== null ? 'ready' : s.prediction.state));
  const result = useAppStore((s) => s.prediction.result);
  const modelError = useAppStore((s) => s.model.error);
  const modelStatus = useAppStore((s) => s.model.status);
  const explained = useAppStore((s) => s.explain.cls);
  const select = useAppStore((s) => s.explain.actions.select);
  const shown = state === 'empty' || state === 'unavailable' ? null : result;
  const top = shown ? shown.probs[shown.digit]! : 0;
  const confident = top >= CONFIDENT;
  const answerRef = useRef<HTMLDivElement>(null);
  const { t, f, lng } = useFormat();
  // The bars' words change with the language only (`t` with it): looked up once, not 30 times per answer.
  const words = useMemo(() => {
    const mark = '\u0000';
    const [before = '', after = ''] = t('prediction.value', { pct: mark }).split(mark);
    return {
      why: DIGITS.map((d) => t('prediction.why', { digit: d })),
      bar: DIGITS.map((d) => t('prediction.barLabel', { digit: d })),
      value: (pct: string) => before + pct + after,
      lng,
    };
  }, [t, lng]);
  // Said once per answer, when the pen is up: not on every probability update while drawing.
  const announce = useAppStore((s) => s.drawing.session.current === null && s.prediction.state === 'ready');
  const summary =
    shown && announce
      ? confident
        ? t('prediction.summarySure', { digit: shown.digit, pct: f.pct(top, 0) })
        : t('prediction.summaryUnsure', { digit: shown.digit, pct: f.pct(top, 0) })
      : '';

  // The answer's attributes are written the moment the store has it, not at React's next render,
  // and only here (renders do not write them).
  useLayoutEffect(() => {
    const write = (p: AppState['prediction']) => {
      const el = answerRef.current;
      if (!el) return;
      for (const [k, v] of Object.entries(answerAttrs(p))) if (el.getAttribute(k) !== v) el.setAttribute(k, v);
    };
    write(useAppStore.getState().prediction);
    return useAppStore.subscribe((st, prev) => {
      if (st.prediction !== prev.prediction) write(st.prediction);
    });
  }, []);

  return (
    <section className="panel prediction-panel" aria-labelledby="prediction-title">
      <h2 id="prediction-title">{t('prediction.title')}</h2>
      <div ref={answerRef} className="prediction" data-testid="prediction">
        {state === 'empty' && <p className="placeholder">{t('prediction.empty')}</p>}
        {state === 'unavailable' && (
          <p className="placeholder error-text">
            {modelStatus === 'loading'
              ? t('prediction.loading')
              : t('prediction.failed', { error: modelError ?? t('prediction.unknownError') })}
          </p>
        )}
        {shown && (
          <div className={`answer ${confident ? '' : 'unsure'}`}>
            <span className="digit" aria-label={t('prediction.digit', { digit: shown.digit })}>
              {shown.digit}
            </span>
            <span className="confidence">
              {confident ? t('prediction.sure', { pct: f.pct(top, 1) }) : t('prediction.unsure', { pct: f.pct(top, 0) })}
            </span>
          </div>
        )}
      </div>
      <p className="sr-only" aria-live="polite" data-testid="prediction-announce">
        {summary}
      </p>
      <div className="bars" role="group" aria-label={t('prediction.bars')}>
        {DIGITS.map((d) => {
          const p = shown ? shown.probs[d]! : 0;
          return (
            <button
              key={d}
              type="button"
              className={`bar-row ${shown && d === shown.digit ? 'top' : ''} ${bars.clickable} ${explained === d ? bars.explained : ''}`}
              data-testid={`prob-${d}`}
              aria-pressed={explained === d}
              title={words.why[d]}
              onClick={() => select(d)}
            >
              <span className="bar-label">{d}</span>
              <span
                className="bar-track"
                role="meter"
                aria-valuemin={0}
                aria-valuemax={1}
                aria-valuenow={Number(p.toFixed(3))}
                aria-label={words.bar[d]}
              >
                <span className="bar-fill" style={{ transform: `scaleX(${p.toFixed(3)})` }} />
              </span>
              <span className="bar-value">{shown ? words.value(f.pct(p, 1)) : ''}</span>
            </button>
          );
        })}
      </div>
    </section>
  );
}
