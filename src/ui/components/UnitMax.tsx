import { useEffect, useRef, useState } from 'react';
import { explainWorker, type MaxResult } from '../explain/worker-client.ts';
import { currentModel, watchWeights } from '../explain/weights-watch.ts';
import { paintGrayInput } from '../explain/paint.ts';
import { useAppStore } from '../store/index.ts';
import type { LayerSpec } from '../../shared/model/lenet.ts';
import type { Mnist28 } from '../../shared/preprocess/mnist-style.ts';
import styles from './UnitTop.module.css';

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

  const what = rbf ? `the penalty of ${unit} (lower is better)` : `${spec.label} unit ${unit}`;
  return (
    <div
      className={styles.max}
      data-testid="unit-max"
      data-layer={spec.id}
      data-unit={unit}
      data-state={state}
      {...(shown ? { 'data-start': shown.start.toFixed(4), 'data-value': shown.value.toFixed(4) } : {})}
    >
      <h4>The input it likes most (synthesised)</h4>
      <p className="muted">
        {rbf
          ? `The classic output is a distance to a prototype: this input minimises ${what}, i.e. maximises its negative penalty −‖F6 − prototype‖². `
          : ''}
        From a grey image, gradient steps that raise {rbf ? 'that' : what} while keeping the picture smooth and every pixel in 0–1.
      </p>
      {state !== 'ready' && (
        <p className={styles.row}>
          <button type="button" onClick={() => void compute()} disabled={state === 'computing'} data-testid="unit-max-run">
            {state === 'computing' ? `Climbing… ${Math.round(progress * 100)} %` : 'Synthesise it'}
          </button>
          {state === 'error' && <span className="error-text"> {error}</span>}
        </p>
      )}
      {shown && (
        <div className={styles.maxRow}>
          <button
            type="button"
            className={styles.pick}
            title="Click to load this input into the lab"
            onClick={() => useAppStore.getState().drawing.session.loadImage(Float32Array.from(shown.image) as Mnist28)}
          >
            <canvas ref={canvasRef} width={28} height={28} />
          </button>
          <span className="muted">
            {rbf
              ? `penalty ${(-shown.start).toFixed(2)} on grey → ${(-shown.value).toFixed(2)}`
              : `response ${shown.start.toFixed(2)} on grey → ${shown.value.toFixed(2)}`}{' '}
            · {shown.steps} steps, {(shown.ms / 1000).toFixed(1)} s (worker)
          </span>
        </div>
      )}
    </div>
  );
}
