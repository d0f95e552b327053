import { memo, useEffect, useRef } from 'react';
import { useAppStore } from '../../store/index.ts';
import { hueNames } from '../../i18n/labels.ts';
import { labKernel } from '../../store/services.ts';
import type { LayerSpec } from '../../../shared/model/lenet.ts';
import { kernelGrid, kernelSlice } from '../../../shared/viz/links.ts';
import { SIGN_HUES, robustSymmetricRange } from '../../../shared/viz/colormap.ts';
import { paintHeatmap } from '../../canvas/heatmap.ts';
import { cancelFrame, requestFrame } from '../../frame.ts';
import { useTranslation } from 'react-i18next';

type Kernel = { data: Float32Array; shape: number[] };

let painters = 0;

/**
 * Paints a layer's kernels as soon as the model is there and again whenever its weights change (a
 * model loaded, training's weights arriving every 400 ms), in the next frame: they show the weights,
 * whether or not anything is drawn. The predictor's kernel cache makes a new object only when the
 * weights changed, so an unchanged kernel is not repainted.
 */
function useKernelPainter(layerId: string, paint: (k: Kernel) => void): void {
  const paintRef = useRef(paint);
  paintRef.current = paint;
  useEffect(() => {
    const key = `kernels-${++painters}`;
    let shown: Kernel | null = null;
    const update = () => {
      const k = labKernel(layerId);
      if (k && k !== shown) {
        shown = k;
        paintRef.current(k);
      }
    };
    update();
    const unsubscribe = useAppStore.subscribe((s, prev) => {
      if (s.model.weightsVersion !== prev.model.weightsVersion) requestFrame(key, update);
    });
    return () => {
      unsubscribe();
      cancelFrame(key);
    };
  }, [layerId]);
}

/** One small picture per output map's kernel (C1's six 5×5 kernels). */
export function KernelRow({ spec }: { spec: LayerSpec }) {
  const count = spec.shape[2] ?? 1;
  const hues = SIGN_HUES[useAppStore((s) => s.view.palette)];
  const canvases = useRef<Array<HTMLCanvasElement | null>>([]);
  const { t } = useTranslation();
  useKernelPainter(spec.id, (k) => {
    const all = robustSymmetricRange(k.data);
    canvases.current.forEach(
      (cv, o) => cv && paintHeatmap(cv, kernelSlice(k.data, k.shape, 0, o), k.shape[1] ?? 5, k.shape[0] ?? 5, 'diverging', all),
    );
  });
  return (
    <div className="kernels" data-kernels={spec.id} title={t('maps.kernelRow', { layer: spec.label, count, ...hues })}>
      <span>{t('maps.kernels')}</span>
      {Array.from({ length: count }, (_, k) => (
        <canvas key={k} className="px kernel" ref={(el) => void (canvases.current[k] = el)} />
      ))}
    </div>
  );
}

/** All of a layer's kernels as one grid: a column per map, a row per input map (a connection table's gaps left empty). */
export const KernelGrid = memo(function KernelGrid({ spec, count }: { spec: LayerSpec; count: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { t } = useTranslation();
  const hues = hueNames(
    t,
    useAppStore((s) => s.view.palette),
  );
  useKernelPainter(spec.id, (k) => {
    if (!canvas.current) return;
    const grid = kernelGrid(k.data, k.shape, spec.view.table);
    paintHeatmap(canvas.current, grid.values, grid.w, grid.h, 'diverging', robustSymmetricRange(grid.values));
  });
  return (
    <div
      className={`kernels kernels-${spec.id}`}
      data-testid={`kernels-${spec.id}`}
      title={t(spec.view.table ? 'maps.kernelGridTable' : 'maps.kernelGrid', { layer: spec.label, count, ...hues })}
    >
      <span>{t('maps.kernels')}</span>
      <canvas className="px kernel-grid" data-kernels={spec.id} ref={canvas} />
    </div>
  );
});
