import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { useAppStore } from '../store/index.ts';
import { EMBEDDING_LAYERS } from '../../shared/explain/embedding.ts';
import { projectPoint } from '../../shared/explain/pca.ts';
import { explainWorker, type EmbedProgress } from '../explain/worker-client.ts';
import { currentModel, watchWeights } from '../explain/weights-watch.ts';
import type { EmbedMethod } from '../../shared/explain/protocol.ts';
import type { LayerId } from '../../shared/model/lenet.ts';
import { paintGrayInput, testImage } from '../explain/paint.ts';
import { MAP_SIZE as SIZE, markPoint, nearestPoint, paintPoints, toPixels } from '../explain/map-view.ts';
import { nextTask } from '../frame.ts';
import { useWarmUpInView } from '../explain/map-warm-up.ts';
import styles from './Embedding.module.css';
import { MapLegend, MapStatus, type Embedding, type MapState, type TestSet } from './EmbeddingParts.tsx';
import { useFormat } from '../i18n/format.ts';

/**
 * The map of all digits: the 10,000 test images placed by a layer's activations (PCA at once, UMAP
 * on request), coloured by label, with the current drawing as a ring that moves as you draw. Hover
 * shows a test image; a click loads it into the lab. Computed in the explain worker with the model
 * in use, and recomputed when its weights change (a load, an import, a switch, a fine-tune, and
 * during a training run: at most one computation in flight, the latest weights next). The drawing's
 * point is projected here (PCA) or placed by the worker (UMAP's `transform`), on every prediction.
 */
export function EmbeddingPanel() {
  const [layer, setLayer] = useState<LayerId>('c5');
  const [method, setMethod] = useState<EmbedMethod>('pca');
  const [state, setState] = useState<MapState>('idle');
  const [stage, setStage] = useState<EmbedProgress['stage']>('loading');
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [hover, setHover] = useState<{ index: number; left: number; top: number } | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const pointsRef = useRef<HTMLCanvasElement>(null);
  const markRef = useRef<HTMLCanvasElement>(null);
  const hoverRef = useRef<HTMLCanvasElement>(null);
  const testSet = useRef<TestSet | null>(null);
  const embedding = useRef<Embedding | null>(null);
  const run = useRef(0);
  /** A computation is in flight / the weights changed meanwhile (recompute once it is done). */
  const busy = useRef(false);
  const again = useRef(false);
  /** The UMAP placement in flight, and whether a newer drawing waits for it. */
  const placing = useRef(false);
  const placeAgain = useRef(false);
  const { t } = useFormat();
  /** The worker's warm-up (backend, test set, activations) started when the panel came into view. */
  const warm = useWarmUpInView(sectionRef, embedding);

  const drawMark = useCallback((x: number, y: number, digit: number) => {
    const e = embedding.current;
    if (e && markRef.current) markPoint(markRef.current, e.coords, x, y, digit);
  }, []);

  const paintMark = useCallback(() => {
    const canvas = markRef.current;
    const e = embedding.current;
    if (!canvas) return;
    const { result, state: ps } = useAppStore.getState().prediction;
    const idx = result ? result.layers.findIndex((l) => l.id === e?.layer) : -1;
    if (!e || !result || ps === 'empty' || idx < 0 || result.variant !== e.variant) {
      canvas.getContext('2d')?.clearRect(0, 0, SIZE, SIZE);
      canvas.removeAttribute('data-x');
      canvas.removeAttribute('data-y');
      return;
    }
    if (e.pca) {
      const [x, y] = projectPoint(e.pca, result.activations[idx]!);
      drawMark(x, y, result.digit);
      return;
    }
    // UMAP: the worker places it; one request in flight, the latest drawing next.
    if (placing.current) {
      placeAgain.current = true;
      return;
    }
    placing.current = true;
    const mine = e;
    explainWorker()
      .place(e.layer, result.activations[idx]!)
      .then(([x, y]) => {
        if (embedding.current === mine) drawMark(x, y, result.digit);
      })
      .catch((err: unknown) => console.warn('LeNet Lab: could not place the drawing on the map', err))
      .finally(() => {
        placing.current = false;
        if (placeAgain.current) {
          placeAgain.current = false;
          paintMark();
        }
      });
  }, [drawMark]);

  /**
   * Computes the map of `which` by `how` with the model in use (or `model`). A user's request
   * cancels one in flight; a weights change (`follow`) waits for it instead and runs once after.
   */
  const compute = useCallback(
    async (which: LayerId, how: EmbedMethod, follow = false) => {
      if (follow && busy.current) {
        again.current = true;
        return;
      }
      const mine = ++run.current;
      busy.current = true;
      again.current = false;
      try {
        // The request goes at once; the panel's "computing" render follows as a transition, in
        // slices of its own (with the copy of the weights and the request, the click's render held
        // the page for 55 ms on a cold map).
        startTransition(() => {
          setError(null);
          setState(testSet.current ? 'computing' : 'loading');
          setProgress(0);
        });
        const model = currentModel();
        if (!model) throw new Error(t('embedding.noModel'));
        const c = explainWorker();
        const e = await c.embed(model.variant, model.snapshot, which, how, (p) => {
          if (mine !== run.current) return;
          setState(p.stage === 'loading' ? 'loading' : 'computing');
          setStage(p.stage);
          setProgress(p.done / (p.total || 1));
        });
        if (c.testSet && !testSet.current) testSet.current = c.testSet;
        const ts = testSet.current;
        if (!ts) throw new Error(t('embedding.noTestSet'));
        if (mine !== run.current) return;
        embedding.current = { ...e, variant: model.variant, pixels: toPixels(e.coords) };
        // The points in a task of their own: with the result's message, 45 ms on a cold map.
        await nextTask();
        if (mine !== run.current) return;
        paintPoints(pointsRef.current, embedding.current.pixels, ts.labels);
        setState('ready');
        paintMark();
      } catch (err) {
        if (mine !== run.current) return;
        setError((err as Error).message);
        setState('error');
      } finally {
        if (mine === run.current) {
          busy.current = false;
          // The weights moved on while this one ran: follow them now.
          const shown = embedding.current;
          if (again.current && shown) void compute(shown.layer, shown.method, true);
        }
      }
    },
    [paintMark, t],
  );

  // The map follows the model in use (a load, an import, a switch, a run's snapshots).
  useEffect(
    () =>
      watchWeights(
        () => embedding.current?.key ?? null,
        () => {
          const e = embedding.current;
          if (e) void compute(e.layer, e.method, true);
        },
      ),
    [compute],
  );

  // The drawing's point follows every prediction.
  useEffect(
    () =>
      useAppStore.subscribe((s, prev) => {
        if (s.prediction.result !== prev.prediction.result || s.prediction.state !== prev.prediction.state) paintMark();
      }),
    [paintMark],
  );

  useEffect(
    () => () => {
      run.current++;
    },
    [],
  );

  const onMove = (ev: React.PointerEvent<HTMLCanvasElement>) => {
    const e = embedding.current;
    const ts = testSet.current;
    if (!e || !ts) return;
    const box = ev.currentTarget.getBoundingClientRect();
    const mx = ((ev.clientX - box.left) / box.width) * SIZE;
    const my = ((ev.clientY - box.top) / box.height) * SIZE;
    const best = nearestPoint(e.pixels, mx, my);
    setHover(best < 0 ? null : { index: best, left: ev.clientX - box.left, top: ev.clientY - box.top });
  };

  useEffect(() => {
    const ts = testSet.current;
    if (hover && ts && hoverRef.current) paintGrayInput(hoverRef.current, testImage(ts.images, hover.index));
  }, [hover]);

  const load = () => {
    const ts = testSet.current;
    if (!hover || !ts) return;
    useAppStore.getState().drawing.session.loadImage(testImage(ts.images, hover.index));
  };

  const e = embedding.current;
  const busyNow = state === 'loading' || state === 'computing';

  return (
    <section ref={sectionRef} className={`panel ${styles.panel}`} aria-labelledby="embedding-title">
      <h2 id="embedding-title">{t('embedding.title')}</h2>
      <div className={styles.controls}>
        <label>
          {t('embedding.byLayer')}{' '}
          <select
            value={layer}
            data-testid="embedding-layer"
            onChange={(ev) => {
              const l = ev.target.value as LayerId;
              setLayer(l);
              if (embedding.current) void compute(l, method);
            }}
          >
            {EMBEDDING_LAYERS.map((l) => (
              <option key={l} value={l}>
                {l === 'output' ? t('embedding.output') : l.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('embedding.placedBy')}{' '}
          <select
            value={method}
            data-testid="embedding-method"
            onChange={(ev) => {
              const m = ev.target.value as EmbedMethod;
              setMethod(m);
              if (embedding.current) void compute(layer, m);
            }}
          >
            <option value="pca">{t('embedding.pca')}</option>
            <option value="umap">{t('embedding.umap')}</option>
          </select>
        </label>
        <button type="button" data-testid="embedding-compute" onClick={() => void compute(layer, method)} disabled={busyNow}>
          {state === 'idle' ? t('embedding.show') : t('embedding.recompute')}
        </button>
        <MapStatus state={state} stage={stage} progress={progress} error={error} map={e} />
      </div>
      <div className={styles.body}>
        <div className={styles.stage}>
          <canvas ref={pointsRef} width={SIZE} height={SIZE} className={styles.canvas} aria-hidden="true" />
          <canvas
            ref={markRef}
            width={SIZE}
            height={SIZE}
            className={styles.canvas}
            data-testid="embedding"
            data-layer={e?.layer ?? layer}
            data-method={e?.method ?? method}
            data-state={state}
            data-warm={warm}
            {...(e ? { 'data-weights': e.key, 'data-threads': e.threads } : {})}
            role="img"
            aria-label={t('embedding.canvas')}
            onPointerMove={onMove}
            onPointerLeave={() => setHover(null)}
            onClick={load}
          />
          {state === 'idle' && <p className={styles.placeholder}>{t('embedding.placeholder')}</p>}
          {hover && testSet.current && (
            <div className={styles.tip} style={{ left: hover.left + 12, top: hover.top + 12 }}>
              <canvas ref={hoverRef} className="px" width={28} height={28} />
              <span>{t('embedding.tip', { index: hover.index, label: testSet.current.labels[hover.index] })}</span>
            </div>
          )}
        </div>
        <MapLegend />
      </div>
    </section>
  );
}
