import './FeatureMaps.css';
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { useAppStore } from '../../store/index.ts';
import { variantSpec } from '../../../shared/model/variants.ts';
import type { ScaleMode } from '../../../shared/viz/colormap.ts';
import { LayerMaps } from './LayerMaps.tsx';
import { KernelGrid } from './Kernels.tsx';
import { MapZoom } from './MapZoom.tsx';
import { paintMaps, type MapTargets } from './paint.ts';

/**
 * The network as the paper draws it — input, C1, S2, C3, S4, C5, F6, output — with every feature
 * map of the current drawing, repainted (outside React, in the frame after a new prediction).
 * Each layer is drawn from its spec's view; nothing here knows a layer by name.
 */
export function FeatureMaps() {
  const variant = useAppStore((s) => s.model.variant);
  const spec = variantSpec(variant);
  const empty = useAppStore((s) => s.prediction.state === 'empty' || s.prediction.result === null);
  const [mode, setMode] = useState<ScaleMode>('layer');
  const [zoom, setZoom] = useState<{ layer: number; map: number } | null>(null);
  const targets = useMemo<MapTargets>(
    () => ({ input: null, layers: spec.layers.map(() => ({ panel: null, range: null, maps: [] })) }),
    [spec],
  );
  const inputRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    targets.input = inputRef.current;
    const repaint = () => {
      const { result, state } = useAppStore.getState().prediction;
      if (!result || state === 'empty' || result.layers !== spec.layers) return;
      paintMaps(targets, result, mode);
      performance.mark('lenet:maps-painted');
    };
    repaint();
    // Painted as soon as the prediction lands, not in the next frame: the inference controller
    // predicts at most once per frame, inside that frame's callback, so painting here puts the maps
    // into the same frame as the stroke that made them (waiting for another frame cost ~17 ms).
    const unsubscribe = useAppStore.subscribe((s, prev) => {
      if (s.prediction.result !== prev.prediction.result) repaint();
    });
    return unsubscribe;
  }, [targets, spec, mode]);

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
      <div className={`maps ${empty ? 'is-empty' : ''}`}>
        <div className="fmap" data-testid="fmap-input">
          <div className="fmap-title">
            Input <span>{spec.inputLabel}</span>
          </div>
          <div className="fmap-grid">
            <canvas data-input className="px cell-l" ref={inputRef} />
          </div>
        </div>
        {spec.layers.map((layer, li) => (
          <Fragment key={`${variant}-${layer.id}`}>
            <LayerMaps spec={layer} targets={targets.layers[li]!} onZoom={(map) => setZoom({ layer: li, map })} />
            {layer.view.kernels === 'grid' && (
              <KernelGrid
                spec={layer}
                count={layer.view.table?.flat().length ?? (spec.layers[li - 1]?.shape[2] ?? 1) * (layer.shape[2] ?? 1)}
              />
            )}
          </Fragment>
        ))}
      </div>
      {zoom && <MapZoom layer={zoom.layer} map={zoom.map} mode={mode} onClose={() => setZoom(null)} />}
    </section>
  );
}
