import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../store/index.ts';
import { explainWorker, type TopResult } from '../explain/worker-client.ts';
import { currentModel, watchWeights } from '../explain/weights-watch.ts';
import { ACTMAX_LAYERS } from '../../shared/explain/actmax.ts';
import { UnitMax } from './UnitMax.tsx';
import { isSpatial } from './maps/layout.ts';
import { paintGrayInput, testImage } from '../explain/paint.ts';
import type { LayerSpec } from '../../shared/model/lenet.ts';
import styles from './UnitTop.module.css';
import { useFormat } from '../i18n/format.ts';

interface Props {
  readonly spec: LayerSpec;
  /** The zoomed map (spatial layers); unit layers choose a unit here. */
  readonly map: number;
}

/**
 * "What this unit looks for": the 9 test images that excite the zoomed map (its largest
 * activation) or a chosen unit most, computed in the explain worker over all 10,000 test images
 * for the whole layer at once and cached per weights. A click sends an image to the lab.
 */
export function UnitTop({ spec, map }: Props) {
  // C5's 1×1 maps are drawn (and chosen) as units, as the feature-map panel draws them.
  const spatial = isSpatial(spec);
  const units = spec.shape[spec.shape.length - 1]!;
  const [unit, setUnit] = useState(() => {
    if (spatial) return map;
    // Start with the unit the current drawing excites most.
    const r = useAppStore.getState().prediction.result;
    const a = r?.activations[r.layers.findIndex((l) => l.id === spec.id)];
    let best = 0;
    if (a) for (let i = 1; i < a.length; i++) if (a[i]! > a[best]!) best = i;
    return best;
  });
  const [top, setTop] = useState<TopResult | null>(null);
  const [state, setState] = useState<'idle' | 'computing' | 'ready' | 'error'>('idle');
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<string | null>(null);
  /** The pictures' canvases, registered by each pick as it renders (no DOM queries). */
  const pickCanvases = useRef<Array<HTMLCanvasElement | null>>([]);
  const run = useRef(0);
  /** The weights the shown images were found with. */
  const topKey = useRef<string | null>(null);
  const channel = spatial ? map : unit;
  const { t, f } = useFormat();

  const compute = async () => {
    const m = currentModel();
    if (!m) return;
    const mine = ++run.current;
    setState('computing');
    setError(null);
    try {
      const t = await explainWorker().top(m.variant, m.snapshot, spec.id, (p) => {
        if (mine === run.current) setProgress(p.stage === 'computing' ? p.done / p.total : 0);
      });
      if (mine !== run.current) return;
      topKey.current = m.key;
      setTop(t);
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

  // Already computed for these weights (another map of this layer was opened): show at once.
  useEffect(() => {
    const m = currentModel();
    const hit = m ? explainWorker().cachedTop(m.snapshot, spec.id) : null;
    if (hit && m) {
      topKey.current = m.key;
      setTop(hit);
      setState('ready');
    }
  }, [spec.id]);

  // New weights (a run's snapshots, a load, a fine-tune) make the shown images stale: search again.
  useEffect(
    () =>
      watchWeights(
        () => topKey.current,
        () => void computeRef.current(),
      ),
    [],
  );

  useEffect(() => {
    const ts = explainWorker().testSet;
    if (!top || !ts) return;
    pickCanvases.current.forEach((c, j) => {
      const idx = top.indices[channel * top.k + j] ?? -1;
      if (c && idx >= 0) paintGrayInput(c, testImage(ts.images, idx));
    });
  }, [top, channel]);

  const ts = explainWorker().testSet;
  const picks = top ? Array.from(top.indices.subarray(channel * top.k, (channel + 1) * top.k)).filter((i) => i >= 0) : [];

  return (
    <section
      className={styles.top}
      data-testid="unit-top"
      data-layer={spec.id}
      data-channel={channel}
      {...(top ? { 'data-count': String(picks.length) } : {})}
    >
      <h4>{t(spatial ? 'unitTop.titleMap' : 'unitTop.titleUnit')}</h4>
      {!spatial && (
        <label className={styles.unit}>
          {t('unitTop.unit')}{' '}
          <input
            type="number"
            min={0}
            max={units - 1}
            value={unit}
            onChange={(e) => setUnit(Math.max(0, Math.min(units - 1, Number(e.target.value) || 0)))}
            data-testid="unit-top-unit"
          />
          <span className="muted"> {t('unitTop.of', { count: units })}</span>
        </label>
      )}
      {state !== 'ready' && (
        <p className={styles.row}>
          <button type="button" onClick={() => void compute()} disabled={state === 'computing'} data-testid="unit-top-run">
            {state === 'computing' ? t('unitTop.searching', { pct: f.pct(progress, 0) }) : t('unitTop.find')}
          </button>
          {state === 'error' && <span className="error-text"> {error}</span>}
        </p>
      )}
      {top && ts && (
        <div className={styles.grid}>
          {picks.map((idx, j) => (
            <button
              type="button"
              key={`${channel}-${j}`}
              className={styles.pick}
              title={t('unitTop.pick', { index: idx, label: ts.labels[idx], value: f.num(top.values[channel * top.k + j]!, 3) })}
              onClick={() => useAppStore.getState().drawing.session.loadImage(testImage(ts.images, idx))}
              data-index={idx}
            >
              <canvas width={28} height={28} ref={(el) => void (pickCanvases.current[j] = el)} />
              <span>{f.num(top.values[channel * top.k + j]!, 2)}</span>
            </button>
          ))}
        </div>
      )}
      {top && (
        <p className="muted">
          {t(spatial ? 'unitTop.searchedMaps' : 'unitTop.searchedUnits', {
            count: top.channels,
            layer: spec.label,
            seconds: f.num(top.ms / 1000, 1),
          })}
        </p>
      )}
      {ACTMAX_LAYERS.includes(spec.id) && <UnitMax spec={spec} unit={channel} />}
    </section>
  );
}
