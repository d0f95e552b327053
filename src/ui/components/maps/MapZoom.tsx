import './MapZoom.css';
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store/index.ts';
import { rangeOf, unionRange, type ScaleMode } from '../../../shared/viz/colormap.ts';
import { inputsOf, kernelSlice } from '../../../shared/viz/links.ts';
import { paintHeatmap } from '../../canvas/heatmap.ts';
import { paintGray } from '../../canvas/gray.ts';
import { labKernel } from '../../store/services.ts';
import { layerImages, type MapImage } from './layout.ts';
import type { Prediction } from '../../inference/predictor.ts';
import { UnitTop } from '../UnitTop.tsx';
import { useFormat } from '../../i18n/format.ts';

interface Props {
  readonly layer: number;
  readonly map: number;
  readonly mode: ScaleMode;
  readonly onClose: () => void;
}

function imageOf(result: Prediction, layer: number, map: number): MapImage | null {
  if (layer < 0) {
    const side = Math.round(Math.sqrt(result.input.length));
    return { values: result.input, w: side, h: side };
  }
  const spec = result.layers[layer];
  return spec ? (layerImages(spec, result.activations[layer]!)[map] ?? null) : null;
}

/**
 * One feature map, large: the value under the cursor, the maps of the previous layer it reads and
 * the kernel applied to each (for C3 of the classic net, only Table I's connections).
 */
export function MapZoom({ layer, map, onClose }: Props) {
  const bigRef = useRef<HTMLCanvasElement>(null);
  /** Each link's canvases (the input map it reads, the kernel applied to it), registered as they render. */
  const linkCanvases = useRef<Array<{ src: HTMLCanvasElement | null; kernel: HTMLCanvasElement | null }>>([]);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [hover, setHover] = useState<{ x: number; y: number; v: number } | null>(null);
  const layers = useAppStore((s) => s.prediction.result?.layers);
  const spec = layers?.[layer];
  const table = spec?.view.table;
  const inputs = layers ? inputsOf(layers, layer, map) : [];
  const { t } = useFormat();

  useEffect(() => {
    const dlg = dialogRef.current;
    if (dlg && !dlg.open) dlg.showModal();
    const paint = () => {
      const result = useAppStore.getState().prediction.result;
      const s = result?.layers[layer];
      if (!result || !s || !bigRef.current) return;
      const img = imageOf(result, layer, map);
      if (!img) return;
      const kind = s.signed ? 'diverging' : 'sequential';
      paintHeatmap(bigRef.current, img.values, img.w, img.h, kind, rangeOf(img.values));
      const kernel = labKernel(s.id);
      inputsOf(result.layers, layer, map).forEach((ref, i) => {
        const link = linkCanvases.current[i];
        if (!link) return;
        const src = imageOf(result, ref.layer, ref.map);
        const srcCanvas = link.src;
        if (src && srcCanvas) {
          if (ref.layer < 0) paintGray(srcCanvas, src.values, src.w, src.h);
          else {
            const ps = result.layers[ref.layer]!;
            paintHeatmap(srcCanvas, src.values, src.w, src.h, ps.signed ? 'diverging' : 'sequential', rangeOf(src.values));
          }
        }
        const kCanvas = link.kernel;
        if (kernel && kCanvas) {
          // Only a full kernel [kh, kw, in, out] is indexed by the input map's number.
          const cin = kernel.shape[2] ?? 1;
          const full = ref.layer < 0 ? cin === 1 : cin === result.layers[ref.layer]?.shape[2];
          if (!full) return;
          const inIndex = Math.max(0, ref.map);
          const slice = kernelSlice(kernel.data, kernel.shape, inIndex, map);
          const all = unionRange([rangeOf(slice), { min: 0, max: 0 }]);
          paintHeatmap(kCanvas, slice, kernel.shape[1] ?? 5, kernel.shape[0] ?? 5, 'diverging', all);
        }
      });
    };
    paint();
    return useAppStore.subscribe((s, prev) => {
      if (s.prediction.result !== prev.prediction.result) paint();
    });
  }, [layer, map]);

  if (!spec) return null;
  const prev = layers?.[layer - 1];
  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const result = useAppStore.getState().prediction.result;
    const img = result && imageOf(result, layer, map);
    if (!img) return;
    const r = e.currentTarget.getBoundingClientRect();
    const x = Math.min(img.w - 1, Math.floor(((e.clientX - r.left) / r.width) * img.w));
    const y = Math.min(img.h - 1, Math.floor(((e.clientY - r.top) / r.height) * img.h));
    setHover({ x, y, v: img.values[y * img.w + x] ?? NaN });
  };
  const hasKernel = spec.view.op === 'conv';

  return (
    <dialog
      ref={dialogRef}
      className="zoom"
      onClose={onClose}
      onCancel={onClose}
      data-testid="map-zoom"
      aria-label={t('zoom.label', { layer: spec.label, map: map + 1 })}
    >
      <div className="zoom-head">
        <h3>{t('zoom.title', { layer: spec.label, map: map + 1 })}</h3>
        <button type="button" onClick={onClose} autoFocus>
          {t('zoom.close')}
        </button>
      </div>
      <div className="zoom-body">
        <div>
          <canvas
            ref={bigRef}
            className="px zoom-big"
            onPointerMove={onMove}
            onPointerLeave={() => setHover(null)}
            data-testid="zoom-canvas"
          />
          <p className="zoom-value" data-testid="zoom-value">
            {hover ? `(${hover.x}, ${hover.y}) = ${hover.v.toFixed(4)}` : t('zoom.point')}
          </p>
          <UnitTop key={`${spec.id}-${map}`} spec={spec} map={map} />
        </div>
        <div className="zoom-links">
          <p className="muted">
            {inputs.length === 0
              ? t('zoom.dense')
              : spec.view.op === 'pool'
                ? t('zoom.pool')
                : t(hasKernel ? 'zoom.readsKernel' : 'zoom.reads', { count: inputs.length })}
            {table && ` ${t('zoom.table')}`}
          </p>
          {table && (
            <table
              className="table1"
              data-testid={`${spec.id}-table`}
              aria-label={t('zoom.tableLabel', { prev: prev?.label, layer: spec.label })}
            >
              <caption>{t('zoom.tableCaption', { prev: prev?.label, layer: spec.label })}</caption>
              <tbody>
                {Array.from({ length: prev?.shape[2] ?? 0 }, (_, s2) => (
                  <tr key={s2}>
                    <th scope="row">{s2}</th>
                    {table.map((inputs, c3) => (
                      <td
                        key={c3}
                        className={`${c3 === map ? 'current' : ''} ${inputs.includes(s2) ? 'on' : ''}`}
                        data-on={inputs.includes(s2)}
                      >
                        {inputs.includes(s2) ? '×' : ''}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="link-grid">
            {inputs.map((ref, i) => (
              <figure key={`${ref.layer}-${ref.map}`} data-link={i}>
                <canvas className="px src" ref={(el) => void ((linkCanvases.current[i] ??= { src: null, kernel: null }).src = el)} />
                {hasKernel && (
                  <canvas
                    className="px kernel"
                    ref={(el) => void ((linkCanvases.current[i] ??= { src: null, kernel: null }).kernel = el)}
                  />
                )}
                <figcaption>{ref.layer < 0 ? t('zoom.input') : `${layers?.[ref.layer]?.label} ${ref.map + 1}`}</figcaption>
              </figure>
            ))}
          </div>
        </div>
      </div>
    </dialog>
  );
}
