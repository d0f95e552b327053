import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store/index.ts';
import { hueNames } from '../../i18n/labels.ts';
import { labKernel } from '../../store/services.ts';
import type { LayerSpec } from '../../../shared/model/lenet.ts';
import { kernelGrid, kernelSlice } from '../../../shared/viz/links.ts';
import { SIGN_HUES, robustSymmetricRange } from '../../../shared/viz/colormap.ts';
import { paintHeatmap } from '../../canvas/heatmap.ts';
import { useTranslation } from 'react-i18next';

type Kernel = { data: Float32Array; shape: number[] };

/**
 * Repaints with each new kernel object only: kernels change with the weights, not with the
 * drawing (the predictor's kernel cache makes a new object whenever the weights change).
 */
function useKernelPainter(layerId: string, paint: (k: Kernel) => void): void {
  const paintRef = useRef(paint);
  paintRef.current = paint;
  useEffect(() => {
    let shown: Kernel | null = null;
    const update = () => {
      const k = labKernel(layerId);
      if (k && k !== shown) {
        shown = k;
        paintRef.current(k);
      }
    };
    update();
    return useAppStore.subscribe((s, prev) => {
      if (s.prediction.result !== prev.prediction.result) update();
    });
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
export function KernelGrid({ spec, count }: { spec: LayerSpec; count: number }) {
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
}
