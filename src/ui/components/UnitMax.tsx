import { useEffect, useRef, useState } from 'react';
import { explainWorker, type MaxResult } from '../explain/worker-client.ts';
import { currentModel, watchWeights } from '../explain/weights-watch.ts';
import { paintGrayInput } from '../explain/paint.ts';
import { useAppStore } from '../store/index.ts';
import type { LayerSpec } from '../../shared/model/lenet.ts';
import type { Mnist28 } from '../../shared/preprocess/mnist-style.ts';
import styles from './UnitTop.module.css';
import { useFormat } from '../i18n/format.ts';

interface Props {
  readonly spec: LayerSpec;
  readonly unit: number;
}

/**
 * "The input it likes most" for a C5, F6 or output unit: activation maximisation from a grey image
 * with a smoothness penalty, pixels kept in [0, 1], computed in the explain worker with the model in
 * use, cached per weights and recomputed when they change. For the classic net's output (an RBF
 * distance) it minimises the class's penalty, i.e. maximises −‖F6 − prototype‖², and says so.
 */
export function UnitMax({ spec, unit }: Props) {
  const { t, f } = useFormat();
  const [shown, setShown] = useState<(MaxResult & { key: string }) | null>(null);
  const [state, setState] = useState<'idle' | 'computing' | 'ready' | 'error'>('idle');
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const run = useRef(0);
  const variant = useAppStore((s) => s.model.variant);
  const rbf = spec.id === 'output' && variant === 'classic';

  const compute = async () => {
    const m = currentModel();
    if (!m) return;
    const mine = ++run.current;
    setState('computing');
    setError(null);
    try {
      const r = await explainWorker().maximise(m.variant, m.snapshot, spec.id, unit, (p) => {
        if (mine === run.current) setProgress(p.done / (p.total || 1));
      });
      if (mine !== run.current) return;
      setShown({ ...r, key: m.key });
      setState('ready');
    } catch (e) {
      if (mine !== run.current) return;
      setError((e as Error).message);
      setState('error');
    }
  };
  const computeRef = useRef(compute);
  useEffect(() => {
    computeRef.current = compute;
  });

  // Another unit: its picture if already made for these weights, else nothing yet.
  useEffect(() => {
    run.current++;
    const m = currentModel();
    const hit = m ? explainWorker().cachedMax(m.snapshot, spec.id, unit) : null;
    setShown(hit && m ? { ...hit, key: m.key } : null);
    setState(hit ? 'ready' : 'idle');
  }, [spec.id, unit]);

  // New weights make a shown picture stale: make it again.
  const shownKey = useRef<string | null>(null);
  useEffect(() => {
    shownKey.current = shown?.key ?? null;
  }, [shown]);
  useEffect(
    () =>
      watchWeights(
        () => shownKey.current,
        () => void computeRef.current(),
      ),
    [],
  );

  useEffect(() => {
    if (shown && canvasRef.current) paintGrayInput(canvasRef.current, shown.image);
  }, [shown]);

  const what = rbf ? t('unitMax.penaltyOf', { unit }) : t('unitMax.unitOf', { layer: spec.label, unit });
  return (
    <div
      className={styles.max}
      data-testid="unit-max"
      data-layer={spec.id}
      data-unit={unit}
      data-state={state}
      {...(shown ? { 'data-start': shown.start.toFixed(4), 'data-value': shown.value.toFixed(4) } : {})}
    >
      <h4>{t('unitMax.title')}</h4>
      <p className="muted">
        {rbf ? `${t('unitMax.classic', { what })} ` : ''}
        {t('unitMax.how', { what: rbf ? t('unitMax.that') : what })}
      </p>
      {state !== 'ready' && (
        <p className={styles.row}>
          <button type="button" onClick={() => void compute()} disabled={state === 'computing'} data-testid="unit-max-run">
            {state === 'computing' ? t('unitMax.climbing', { pct: f.pct(progress, 0) }) : t('unitMax.run')}
          </button>
          {state === 'error' && <span className="error-text"> {error}</span>}
        </p>
      )}
      {shown && (
        <div className={styles.maxRow}>
          <button
            type="button"
            className={styles.pick}
            title={t('unitMax.load')}
            onClick={() => useAppStore.getState().drawing.session.loadImage(Float32Array.from(shown.image) as Mnist28)}
          >
            <canvas ref={canvasRef} width={28} height={28} />
          </button>
          <span className="muted">
            {t(rbf ? 'unitMax.penalty' : 'unitMax.response', {
              start: f.num(rbf ? -shown.start : shown.start, 2),
              value: f.num(rbf ? -shown.value : shown.value, 2),
            })}{' '}
            · {t('unitMax.steps', { steps: shown.steps, s: f.num(shown.ms / 1000, 1) })}
          </span>
        </div>
      )}
    </div>
  );
}
