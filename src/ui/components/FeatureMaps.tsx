import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { useAppStore } from '../store/index.ts';
import type { LayerSpec } from '../../shared/model/lenet.ts';
import { variantSpec } from '../../shared/model/variants.ts';
import { PROTOTYPE_HEIGHT, PROTOTYPE_SIZE, PROTOTYPE_WIDTH, RBF_PROTOTYPES } from '../../shared/model/prototypes.ts';
import { C3_TABLE, CLASSIC_LAYERS } from '../../shared/model/classic.ts';
import { kernelGrid, kernelSlice } from '../../shared/viz/links.ts';
import {
  rangeOf,
  robustSymmetricRange,
  scaleRange,
  unionRange,
  type ColormapKind,
  type Range,
  type ScaleMode,
} from '../../shared/viz/colormap.ts';
import { paintHeatmap } from '../canvas/heatmap.ts';
import { paintGray } from '../canvas/gray.ts';
import type { Prediction } from '../inference/predictor.ts';
import { layerImages, mapCount, shapeLabel } from './maps-layout.ts';
import { MapZoom } from './MapZoom.tsx';
import { labKernel } from '../store/services.ts';

const kindOf = (spec: LayerSpec): ColormapKind => (spec.signed ? 'diverging' : 'sequential');
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));

/** Paints every layer's maps of `result` into the canvases under `root`. */
function paintAll(root: HTMLElement, result: Prediction, mode: ScaleMode): void {
  const images = result.layers.map((spec, i) => layerImages(spec, result.activations[i]!));
  const own = images.map((maps) => maps.map((m) => rangeOf(m.values)));
  const perLayer = own.map((r) => unionRange(r));
  const global: Record<ColormapKind, Range> = {
    diverging: unionRange(perLayer.filter((_, i) => result.layers[i]!.signed)),
    sequential: unionRange(perLayer.filter((_, i) => !result.layers[i]!.signed)),
  };
  const side = Math.round(Math.sqrt(result.input.length));
  const input = root.querySelector<HTMLCanvasElement>('canvas[data-input]');
  if (input) paintGray(input, result.input, side, side);
  result.layers.forEach((spec, li) => {
    const panel = root.querySelector<HTMLElement>(`[data-testid="fmap-${spec.id}"]`);
    if (!panel) return;
    const kind = kindOf(spec);
    images[li]!.forEach((img, k) => {
      const canvas = panel.querySelector<HTMLCanvasElement>(`canvas[data-map="${k}"]`);
      const range = scaleRange(mode, own[li]![k]!, perLayer[li]!, global[kind]);
      if (canvas) paintHeatmap(canvas, img.values, img.w, img.h, kind, range);
    });
    const r = perLayer[li]!;
    const rangeEl = panel.querySelector<HTMLElement>('.range');
    if (rangeEl) rangeEl.textContent = `${fmt(r.min)} … ${fmt(r.max)}`;
    panel.dataset['version'] = String(Number(panel.dataset['version'] ?? 0) + 1);
    // A position-weighted sum: changes when the activations change (a plain sum of softmax is always 1).
    panel.dataset['signature'] = result.activations[li]!.reduce((a, v, i) => a + v * ((i % 7) + 1), 0).toFixed(4);
  });
  // Classic: the RBF prototypes beside F6, the nearest one (the prediction) marked.
  root.querySelectorAll<HTMLCanvasElement>('canvas[data-proto]').forEach((cv) => {
    const d = Number(cv.dataset['proto']);
    paintHeatmap(
      cv,
      RBF_PROTOTYPES.subarray(d * PROTOTYPE_SIZE, (d + 1) * PROTOTYPE_SIZE),
      PROTOTYPE_WIDTH,
      PROTOTYPE_HEIGHT,
      'diverging',
      { min: -1, max: 1 },
    );
    cv.parentElement?.classList.toggle('nearest', d === result.digit);
  });
  // Kernels change with the weights, not with the drawing: each canvas is repainted only when the
  // predictor hands out a new kernel (its cache is rebuilt whenever the weights change).
  const c1 = labKernel('c1');
  const c1Canvases = [...root.querySelectorAll<HTMLCanvasElement>('[data-kernels="c1"] canvas')];
  if (c1 && c1Canvases[0] && showsNew(c1Canvases[0], c1)) {
    const all = robustSymmetricRange(c1.data);
    c1Canvases.forEach((cv, o) =>
      paintHeatmap(cv, kernelSlice(c1.data, c1.shape, 0, o), c1.shape[1] ?? 5, c1.shape[0] ?? 5, 'diverging', all),
    );
  }
  // C3: all its kernels at once, a column per C3 map and a row per S2 map (Table I's gaps for classic).
  const c3 = labKernel('c3');
  const c3Canvas = root.querySelector<HTMLCanvasElement>('canvas[data-kernels="c3"]');
  if (c3 && c3Canvas && showsNew(c3Canvas, c3)) {
    const grid = kernelGrid(c3.data, c3.shape, result.layers === CLASSIC_LAYERS ? C3_TABLE : undefined);
    paintHeatmap(c3Canvas, grid.values, grid.w, grid.h, 'diverging', robustSymmetricRange(grid.values));
  }
}

/** The kernel each kernel canvas shows. */
const shownKernel = new WeakMap<HTMLCanvasElement, object>();
/** Records that `canvas` is about to show `kernel`; false if it already does. */
function showsNew(canvas: HTMLCanvasElement, kernel: object): boolean {
  if (shownKernel.get(canvas) === kernel) return false;
  shownKernel.set(canvas, kernel);
  return true;
}

/**
 * The network as the paper draws it — input, C1, S2, C3, S4, C5, F6, output — with every feature
 * map of the current drawing, repainted (outside React) whenever a new prediction arrives.
 */
export function FeatureMaps() {
  const variant = useAppStore((s) => s.model.variant);
  const layers = variantSpec(variant).layers;
  const classic = variant === 'classic';
  const empty = useAppStore((s) => s.prediction.state === 'empty' || s.prediction.result === null);
  const [mode, setMode] = useState<ScaleMode>('layer');
  const [zoom, setZoom] = useState<{ layer: number; map: number } | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const modeRef = useRef(mode);
  modeRef.current = mode;

  const repaint = useCallback(() => {
    const { result, state } = useAppStore.getState().prediction;
    if (rootRef.current && result && state !== 'empty') paintAll(rootRef.current, result, modeRef.current);
  }, []);

  useEffect(() => {
    repaint();
    let frame = 0;
    const unsubscribe = useAppStore.subscribe((s, prev) => {
      if (s.prediction.result !== prev.prediction.result && !frame) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          repaint();
          performance.mark('lenet:maps-painted');
        });
      }
    });
    return () => {
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [repaint, mode, layers]);

  return (
    <section className="panel maps-panel" aria-labelledby="maps-title">
      <div className="maps-head">
        <h2 id="maps-title">Inside the network</h2>
        <div className="scale-switch" role="radiogroup" aria-label="Color scaling">
          {(['map', 'layer', 'global'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="scale" value={m} checked={mode === m} onChange={() => setMode(m)} data-testid={`scale-${m}`} />
              per {m === 'global' ? 'network' : m}
            </label>
          ))}
        </div>
      </div>
      <div className="legend" aria-hidden="true">
        <span className="swatch sequential" /> ≥ 0 (ReLU, pooling, probabilities)
        <span className="swatch diverging" /> signed (tanh): blue &lt; 0 &lt; red
      </div>
      {empty && <p className="maps-empty">Draw a digit: every layer's feature maps appear here, live, as the pen moves.</p>}
      <div className={`maps ${empty ? 'is-empty' : ''}`} ref={rootRef}>
        <div className="fmap" data-testid="fmap-input">
          <div className="fmap-title">
            Input <span>{classic ? '32×32 (padded, −0.1…1.175)' : '28×28'}</span>
          </div>
          <div className="fmap-grid">
            <canvas data-input className="px cell-l" />
          </div>
        </div>
        {layers.map((spec, li) => (
          <Fragment key={spec.id}>
            <div className="fmap" data-testid={`fmap-${spec.id}`} data-layer={spec.id}>
              <div className="fmap-title">
                {spec.label} <span>· {classic && spec.id === 'output' ? 'RBF distances, smaller = nearer' : shapeLabel(spec)}</span>{' '}
                <span className="range" />
              </div>
              <div className={`fmap-grid grid-${spec.id}`}>
                {Array.from({ length: mapCount(spec) }, (_, k) => (
                  <button
                    type="button"
                    key={k}
                    className="map-btn"
                    onClick={() => setZoom({ layer: li, map: k })}
                    aria-label={`Zoom into ${spec.label} map ${k + 1}`}
                  >
                    <canvas data-map={k} className={`px cell-${spec.id}`} />
                  </button>
                ))}
              </div>
              {classic && spec.id === 'f6' && (
                <div
                  className="prototypes"
                  data-testid="prototypes"
                  title="The fixed ±1 prototypes of the RBF output: F6 should come to look like the digit's"
                >
                  <span>prototypes</span>
                  {Array.from({ length: 10 }, (_, d) => (
                    <figure key={d} data-digit={d}>
                      <canvas className="px proto" data-proto={d} />
                      <figcaption>{d}</figcaption>
                    </figure>
                  ))}
                </div>
              )}
              {spec.id === 'output' && (
                <div className="output-labels" aria-hidden="true">
                  {Array.from({ length: 10 }, (_, d) => (
                    <span key={d}>{d}</span>
                  ))}
                </div>
              )}
              {spec.id === 'c1' && (
                <div className="kernels" data-kernels="c1" title="C1's six 5×5 kernels (blue < 0 < red)">
                  <span>kernels</span>
                  {Array.from({ length: spec.shape[2] ?? 6 }, (_, k) => (
                    <canvas key={k} className="px kernel" />
                  ))}
                </div>
              )}
            </div>
            {spec.id === 'c3' && (
              <div
                className="kernels kernels-c3"
                data-testid="kernels-c3"
                title={`C3's ${classic ? '60' : '96'} 5×5 kernels: a column per C3 map, a row per S2 map it reads (blue < 0 < red)${classic ? '; the gaps are Table I' : ''}`}
              >
                <span>kernels</span>
                <canvas className="px kernel-grid" data-kernels="c3" />
              </div>
            )}
          </Fragment>
        ))}
      </div>
      {zoom && <MapZoom layer={zoom.layer} map={zoom.map} mode={mode} onClose={() => setZoom(null)} />}
    </section>
  );
}
