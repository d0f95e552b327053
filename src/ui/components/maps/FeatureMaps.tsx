import './FeatureMaps.css';
import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useAppStore } from '../../store/index.ts';
import { hueNames } from '../../i18n/labels.ts';
import { variantSpec } from '../../../shared/model/variants.ts';
import { PALETTES, gradientCss, type ScaleMode } from '../../../shared/viz/colormap.ts';
import { LayerMaps } from './LayerMaps.tsx';
import { KernelGrid } from './Kernels.tsx';
import { MapZoom } from './MapZoom.tsx';
import { paintMaps, warmMaps, type MapTargets } from './paint.ts';
import { cancelIdle, whenIdle } from '../../frame.ts';
import { inputPixels } from '../../../shared/preprocess/input-format.ts';
import { useTranslation } from 'react-i18next';

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
  const palette = useAppStore((s) => s.view.palette);
  const setPalette = useAppStore((s) => s.view.actions.setPalette);
  const [zoom, setZoom] = useState<{ layer: number; map: number } | null>(null);
  const zoomInto = useCallback((layer: number, map: number) => setZoom({ layer, map }), []);
  const targets = useMemo<MapTargets>(
    () => ({ input: null, layers: spec.layers.map(() => ({ panel: null, range: null, maps: [] })) }),
    [spec],
  );
  const inputRef = useRef<HTMLCanvasElement>(null);
  const { t } = useTranslation();

  const sectionRef = useRef<HTMLElement>(null);

  useEffect(() => {
    targets.input = inputRef.current;
    // Hidden (a phone's other tab: no box at all), the panel keeps its attributes current but paints
    // no canvas; shown again, it paints the latest prediction. Scrolled out of view is not hidden.
    let hidden = false;
    let stale = false;
    let painted = false;
    const repaint = () => {
      const { result, state } = useAppStore.getState().prediction;
      if (!result || state === 'empty' || result.layers !== spec.layers) return;
      paintMaps(targets, result, mode, !hidden);
      stale = hidden;
      painted ||= !hidden;
      if (!hidden) performance.mark('lenet:maps-painted');
    };
    repaint();
    // Canvases not painted yet are readied in idle time, so the first answer does not pay for them.
    const idle = whenIdle(() => {
      if (!painted && !hidden) warmMaps(targets, spec.layers, inputPixels(spec.inputFormat), mode);
    });
    const section = sectionRef.current;
    const io =
      section && typeof IntersectionObserver !== 'undefined'
        ? new IntersectionObserver((entries) => {
            const box = entries[entries.length - 1]?.boundingClientRect;
            hidden = box !== undefined && box.width === 0 && box.height === 0;
            if (!hidden && stale) repaint();
          })
        : null;
    if (section) io?.observe(section);
    // Painted as soon as the prediction lands, not in the next frame: the inference controller
    // predicts at most once per frame, inside that frame's callback, so painting here puts the maps
    // into the same frame as the stroke that made them (waiting for another frame cost ~17 ms).
    const unsubscribe = useAppStore.subscribe((s, prev) => {
      if (s.prediction.result !== prev.prediction.result) repaint();
    });
    return () => {
      cancelIdle(idle);
      unsubscribe();
      io?.disconnect();
    };
  }, [targets, spec, mode, palette]);

  return (
    <section className="panel maps-panel" aria-labelledby="maps-title" ref={sectionRef}>
      <div className="maps-head">
        <h2 id="maps-title">{t('maps.title')}</h2>
        <div className="scale-switch" role="radiogroup" aria-label={t('maps.scaling')}>
          {(['map', 'layer', 'global'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="scale" value={m} checked={mode === m} onChange={() => setMode(m)} data-testid={`scale-${m}`} />
              {t(`maps.per.${m}`)}
            </label>
          ))}
        </div>
      </div>
      <div className="legend">
        <span aria-hidden="true">
          <span className="swatch sequential" style={{ background: gradientCss('sequential', palette) }} /> {t('maps.sequential')}
          <span className="swatch diverging" style={{ background: gradientCss('diverging', palette) }} />{' '}
          {t('maps.diverging', hueNames(t, palette))}
        </span>
        <label className="palette-switch">
          {t('maps.palette')}{' '}
          <select
            value={palette}
            onChange={(e) => setPalette(PALETTES.find((p) => p === e.target.value) ?? 'default')}
            data-testid="palette"
          >
            {PALETTES.map((p) => (
              <option key={p} value={p}>
                {p === 'default' ? t('maps.paletteDefault') : t('maps.paletteSafe')}
              </option>
            ))}
          </select>
        </label>
      </div>
      {empty && <p className="maps-empty">{t('maps.empty')}</p>}
      <div className={`maps ${empty ? 'is-empty' : ''}`}>
        <div className="fmap" data-testid="fmap-input">
          <div className="fmap-title">
            {t('maps.input')} <span>{t(`maps.inputLabel.${variant}`)}</span>
          </div>
          <div className="fmap-grid">
            <canvas data-input className="px cell-l" ref={inputRef} />
          </div>
        </div>
        {spec.layers.map((layer, li) => (
          // A new palette remounts the layer's views, which paint their maps, kernels and prototypes anew.
          <Fragment key={`${variant}-${layer.id}-${palette}`}>
            <LayerMaps spec={layer} layer={li} targets={targets.layers[li]!} onZoom={zoomInto} />
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
