import './EpochChart.css';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useAppStore } from '../store/index.ts';
import type { EpochRow } from '../../shared/protocol.ts';
import { useTranslation } from 'react-i18next';

const toData = (rows: readonly EpochRow[]): uPlot.AlignedData => [
  rows.map((r) => r.epoch),
  rows.map((r) => r.loss),
  rows.map((r) => r.valLoss),
  rows.map((r) => r.accuracy * 100),
  rows.map((r) => r.valAccuracy * 100),
];

/**
 * Train and validation loss (left axis) and accuracy (right axis, %) per epoch, with uPlot.
 * Updated imperatively from the store, outside React renders.
 */
export function EpochChart() {
  const hostRef = useRef<HTMLDivElement>(null);
  const { t } = useTranslation();
  const empty = useAppStore((s) => s.training.epochs.length === 0);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const opts: uPlot.Options = {
      width: Math.max(280, host.clientWidth),
      height: 220,
      scales: {
        x: { time: false },
        loss: { auto: true },
        acc: { range: (_u, min) => [Math.max(0, Math.min(Number.isFinite(min) ? min : 90, 90) - 2), 100] },
      },
      axes: [
        { label: t('chart.epoch'), incrs: [1, 2, 5, 10] },
        { scale: 'loss', label: t('chart.loss') },
        { scale: 'acc', label: t('chart.accuracy'), side: 1, grid: { show: false } },
      ],
      series: [
        { label: t('chart.epoch') },
        { label: t('chart.trainLoss'), scale: 'loss', stroke: '#9fb6dc', width: 2, points: { show: true } },
        { label: t('chart.valLoss'), scale: 'loss', stroke: '#2f6fde', width: 2, points: { show: true } },
        { label: t('chart.trainAcc'), scale: 'acc', stroke: '#e7b27a', width: 2, dash: [6, 4], points: { show: true } },
        { label: t('chart.valAcc'), scale: 'acc', stroke: '#c2561a', width: 2, dash: [6, 4], points: { show: true } },
      ],
    };
    const plot = new uPlot(opts, toData(useAppStore.getState().training.epochs), host);
    const unsubscribe = useAppStore.subscribe((s, prev) => {
      if (s.training.epochs !== prev.training.epochs) plot.setData(toData(s.training.epochs));
    });
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(280, host.clientWidth), height: 220 }));
    observer.observe(host);
    return () => {
      observer.disconnect();
      unsubscribe();
      plot.destroy();
    };
  }, [t]);

  return (
    <>
      {/* Before the first epoch ends there is nothing to plot: a line says what will come, not bare axes. */}
      {empty && <p className="muted">{t('chart.empty')}</p>}
      <div className="epoch-chart" ref={hostRef} hidden={empty} data-testid="epoch-chart" role="img" aria-label={t('epochs.label')} />
    </>
  );
}
