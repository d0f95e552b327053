import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { useAppStore } from '../store/index.ts';
import { selectRunBusy } from '../store/selectors.ts';
import { EMBEDDING_LAYERS } from '../../shared/explain/embedding.ts';
import { projectPoint } from '../../shared/explain/pca.ts';
import { explainWorker, type EmbedProgress, type EmbedResult } from '../explain/worker-client.ts';
import { currentModel, watchWeights } from '../explain/weights-watch.ts';
import type { EmbedMethod } from '../../shared/explain/protocol.ts';
import type { Variant } from '../../shared/model/variants.ts';
import type { LayerId } from '../../shared/model/lenet.ts';
import type { Mnist28 } from '../../shared/preprocess/mnist-style.ts';
import { paintGrayInput } from '../explain/paint.ts';
import { nextTask } from '../frame.ts';
import styles from './Embedding.module.css';
import { useFormat } from '../i18n/format.ts';

/** One colour per digit (Tableau 10), the same in the legend and the map. */
const DIGIT_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#7f7f7f'];
const SIZE = 360;
/** How long the panel stays in view before the worker gets the map ready ahead. */
const WARM_DWELL_MS = 800;

type MapState = 'idle' | 'loading' | 'computing' | 'ready' | 'error';

/** A map as shown: the worker's result, the variant it was made for, each point's canvas pixel `[2n]`. */
type Embedding = EmbedResult & { readonly variant: Variant; readonly pixels: Float32Array };

interface TestSet {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/** Map units → canvas pixels for an embedding (a square view of all points, 4 % margin). */
function viewOf(e: Pick<EmbedResult, 'coords'>): (x: number, y: number) => [number, number] {
  const { cx, cy, k } = frameOf(e);
  return (x, y) => [SIZE / 2 + (x - cx) * k, SIZE / 2 - (y - cy) * k];
}

/** The centre and scale `viewOf` maps by. */
function frameOf(e: Pick<EmbedResult, 'coords'>): { cx: number; cy: number; k: number } {
  const c = e.coords;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < c.length; i += 2) {
    minX = Math.min(minX, c[i]!);
    maxX = Math.max(maxX, c[i]!);
    minY = Math.min(minY, c[i + 1]!);
    maxY = Math.max(maxY, c[i + 1]!);
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const k = (SIZE * 0.92) / span;
  return { cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, k };
}

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
  /** The worker's warm-up (backend, test set, activations) started when the panel came into view. */
  const [warm, setWarm] = useState<'idle' | 'warming' | 'ready'>('idle');
  const warmedKey = useRef<string | null>(null);
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
  const { t, f } = useFormat();

  const drawMark = useCallback((x: number, y: number, digit: number) => {
    const canvas = markRef.current;
    const e = embedding.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !e) return;
    ctx.clearRect(0, 0, SIZE, SIZE);
    canvas.dataset['x'] = x.toFixed(3);
    canvas.dataset['y'] = y.toFixed(3);
    const [px, py] = viewOf(e)(x, y);
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#fff';
    ctx.beginPath();
    ctx.arc(px, py, 8, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#111';
    ctx.stroke();
    ctx.fillStyle = DIGIT_COLORS[digit]!;
    ctx.beginPath();
    ctx.arc(px, py, 4, 0, 2 * Math.PI);
    ctx.fill();
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
        if (c.testSet && !testSet.current) testSet.current = { ...c.testSet, count: c.testSet.labels.length };
        const ts = testSet.current;
        if (!ts) throw new Error(t('embedding.noTestSet'));
        if (mine !== run.current) return;
        embedding.current = { ...e, variant: model.variant, pixels: toPixels(e) };
        // The points in a task of their own: with the result's message, 45 ms on a cold map.
        await nextTask();
        if (mine !== run.current) return;
        paintPoints(pointsRef.current, embedding.current, ts.labels);
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

  // Warm-up: once the panel is in view with no map yet, the worker loads the test set and runs the
  // forward pass for the model in use, so Show costs only the PCA and the paint. Not during a
  // training run (its worker needs the cores) and once per weights.
  useEffect(() => {
    const section = sectionRef.current;
    if (!section || typeof IntersectionObserver === 'undefined') return;
    // After the panel has stayed in view for a moment: scrolling or tabbing past it costs nothing.
    let dwell = 0;
    const warmUp = () => {
      dwell = 0;
      if (embedding.current || selectRunBusy(useAppStore.getState())) return;
      const model = currentModel();
      if (!model || warmedKey.current === model.key) return;
      warmedKey.current = model.key;
      setWarm('warming');
      explainWorker()
        .warm(model.variant, model.snapshot)
        .then(() => {
          if (warmedKey.current === model.key) setWarm('ready');
        })
        .catch((err: unknown) => console.warn('LeNet Lab: the map could not get ready ahead', err));
    };
    const io = new IntersectionObserver((entries) => {
      const inView = entries.some((en) => en.isIntersecting);
      if (!inView && dwell) {
        clearTimeout(dwell);
        dwell = 0;
      } else if (inView && !dwell) dwell = window.setTimeout(warmUp, WARM_DWELL_MS);
    });
    io.observe(section);
    return () => {
      io.disconnect();
      if (dwell) clearTimeout(dwell);
    };
  }, []);

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
    const px = e.pixels;
    let best = -1;
    let bestD = 64; // within 8 px
    for (let i = 0; i < ts.count; i++) {
      const d = (px[2 * i]! - mx) ** 2 + (px[2 * i + 1]! - my) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    setHover(best < 0 ? null : { index: best, left: ev.clientX - box.left, top: ev.clientY - box.top });
  };

  useEffect(() => {
    const ts = testSet.current;
    if (hover && ts && hoverRef.current)
      paintGrayInput(
        hoverRef.current,
        Float32Array.from(ts.images.subarray(hover.index * 784, (hover.index + 1) * 784), (v) => v / 255),
      );
  }, [hover]);

  const load = () => {
    const ts = testSet.current;
    if (!hover || !ts) return;
    const image = Float32Array.from(ts.images.subarray(hover.index * 784, (hover.index + 1) * 784), (v) => v / 255) as Mnist28;
    useAppStore.getState().drawing.session.loadImage(image);
  };

  const e = embedding.current;
  const explained = e?.pca ? (e.pca.variance[0] + e.pca.variance[1]) / (e.pca.totalVariance || 1) : 0;
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
        <span className="muted" data-testid="embedding-status" aria-live="polite">
          {busyNow && t(stage === 'loading' ? 'embedding.loading' : 'embedding.computing', { pct: f.pct(progress, 0) })}
          {state === 'ready' &&
            e &&
            t('embedding.readyDetail', {
              images: f.num(e.coords.length / 2),
              how: e.pca ? t('embedding.pcaShare', { pct: f.pct(explained, 0) }) : 'UMAP',
              ms: f.num(e.ms, 0),
              forward:
                e.forwardMs > 0
                  ? t(e.threads > 1 ? 'embedding.forwardSplit' : 'embedding.forward', { ms: f.num(e.forwardMs, 0) })
                  : t('embedding.kept'),
              backend: e.backend,
            })}
          {state === 'error' && <span className="error-text">{error}</span>}
        </span>
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
        <ol className={styles.legend} aria-label={t('embedding.colors')}>
          {DIGIT_COLORS.map((c, d) => (
            <li key={d}>
              <span className={styles.swatch} style={{ background: c }} /> {d}
            </li>
          ))}
          <li>
            <span className={styles.ring} /> {t('embedding.yours')}
          </li>
        </ol>
      </div>
    </section>
  );
}

/** Each point's canvas pixel `[2n]` (computed once per map: painting and hovering read it). */
function toPixels(e: Pick<EmbedResult, 'coords'>): Float32Array {
  // `viewOf`'s formula, inline: no pair allocated per point.
  const { cx, cy, k } = frameOf(e);
  const c = e.coords;
  const out = new Float32Array(c.length);
  for (let i = 0; i < c.length; i += 2) {
    out[i] = SIZE / 2 + (c[i]! - cx) * k;
    out[i + 1] = SIZE / 2 - (c[i + 1]! - cy) * k;
  }
  return out;
}

const RGB = DIGIT_COLORS.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number]);
const DOT_ALPHA = 0.55;

/**
 * Paints the 10,000 points as 2×2 squares into one ImageData (alpha-blended by hand, digit after
 * digit as before) and puts it once: a few milliseconds, where 10,000 `fillRect`s took tens.
 */
function paintPoints(canvas: HTMLCanvasElement | null, e: Embedding, labels: Uint8Array): void {
  const ctx = canvas?.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(SIZE, SIZE);
  const px = img.data;
  const p = e.pixels;
  for (let d = 0; d < 10; d++) {
    const [r, g, b] = RGB[d]!;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] !== d) continue;
      const x0 = Math.round(p[2 * i]! - 1);
      const y0 = Math.round(p[2 * i + 1]! - 1);
      for (let y = Math.max(0, y0); y < Math.min(SIZE, y0 + 2); y++)
        for (let x = Math.max(0, x0); x < Math.min(SIZE, x0 + 2); x++) {
          const o = (y * SIZE + x) * 4;
          // "source over" on straight (non-premultiplied) RGBA.
          const da = px[o + 3]! / 255;
          const oa = DOT_ALPHA + da * (1 - DOT_ALPHA);
          const keep = (da * (1 - DOT_ALPHA)) / oa;
          const take = DOT_ALPHA / oa;
          px[o] = r * take + px[o]! * keep;
          px[o + 1] = g * take + px[o + 1]! * keep;
          px[o + 2] = b * take + px[o + 2]! * keep;
          px[o + 3] = oa * 255;
        }
    }
  }
  ctx.putImageData(img, 0, 0);
}
