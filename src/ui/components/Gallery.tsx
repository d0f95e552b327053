import './Gallery.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useAppStore } from '../store/index.ts';
import { selectImages } from '../../shared/eval/metrics.ts';
import { paintGray } from '../canvas/gray.ts';
import type { Mnist28 } from '../../shared/preprocess/mnist-style.ts';
import { prefersReducedMotion } from '../layout.ts';
import { useTranslation } from 'react-i18next';

const THUMB = 92; // px per cell, including caption
const COLS_MIN = 3;
const OVERSCAN = 2;

/** One test digit: image, true and predicted labels, top-3 confidences; click sends it to the lab. */
function Thumb({ index }: { index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const testSet = useAppStore((s) => s.evaluation.testSet);
  const run = useAppStore((s) => s.evaluation.run);
  const { t: tr } = useTranslation();
  useEffect(() => {
    if (ref.current && testSet) {
      const px = testSet.images.subarray(index * 784, index * 784 + 784);
      paintGray(
        ref.current,
        Array.from(px, (v) => v / 255),
        28,
        28,
      );
    }
  }, [index, testSet]);
  if (!testSet || !run) return null;
  const t = testSet.labels[index]!;
  const p = run.predictions[index]!;
  const top = [0, 1, 2].map((k) => `${run.top3[index * 3 + k]}: ${(run.top3Probs[index * 3 + k]! * 100).toFixed(0)}%`);
  const send = () => {
    const img = Float32Array.from(testSet.images.subarray(index * 784, index * 784 + 784), (v) => v / 255) as Mnist28;
    useAppStore.getState().drawing.session.loadImage(img);
    document.getElementById('draw-title')?.scrollIntoView({ behavior: prefersReducedMotion() ? 'auto' : 'smooth', block: 'start' });
  };
  return (
    <button
      type="button"
      className={`thumb ${t === p ? 'right' : 'wrong'}`}
      onClick={send}
      data-index={index}
      data-true={t}
      data-predicted={p}
      title={tr('gallery.thumb', { index, top: top.join(', ') })}
    >
      <canvas ref={ref} className="px" />
      <span className="thumb-label">
        {t} → <strong>{p}</strong>
      </span>
      <span className="thumb-top">{top.join(' ')}</span>
    </button>
  );
}

/**
 * Test digits of the current filter (mistakes by default), most confident first; virtualized so
 * only the rows in view are in the DOM.
 */
export function Gallery() {
  const run = useAppStore((s) => s.evaluation.run);
  const testSet = useAppStore((s) => s.evaluation.testSet);
  const filter = useAppStore((s) => s.evaluation.filter);
  const setFilter = useAppStore((s) => s.evaluation.actions.setFilter);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { t } = useTranslation();
  const [view, setView] = useState({ top: 0, height: 360, width: 600 });
  const indices = useMemo(() => (run && testSet ? selectImages(run, testSet.labels, filter) : new Uint32Array(0)), [run, testSet, filter]);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const update = () => setView({ top: el.scrollTop, height: el.clientHeight, width: el.clientWidth });
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    el.addEventListener('scroll', update, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', update);
    };
  }, [run]);
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [filter]);

  if (!run || !testSet) return null;
  const cols = Math.max(COLS_MIN, Math.floor(view.width / THUMB));
  // The columns share the row's width, so no strip is left empty on the right (a phone's 3.8 cells).
  const cellW = Math.max(THUMB, view.width / cols);
  const rows = Math.ceil(indices.length / cols);
  const first = Math.max(0, Math.floor(view.top / THUMB) - OVERSCAN);
  const last = Math.min(rows, Math.ceil((view.top + view.height) / THUMB) + OVERSCAN);
  const visible: number[] = [];
  for (let r = first; r < last; r++) for (let c = 0; c < cols; c++) if (r * cols + c < indices.length) visible.push(r * cols + c);
  const digitSelect = (value: number | null, onChange: (v: number | null) => void, label: string) => (
    <label>
      {label}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}>
        <option value="">{t('gallery.any')}</option>
        {Array.from({ length: 10 }, (_, d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="gallery">
      <div className="gallery-filters">
        <label className="check">
          <input
            type="checkbox"
            checked={filter.mistakesOnly}
            onChange={(e) => setFilter({ mistakesOnly: e.target.checked })}
            data-testid="mistakes-only"
          />
          {t('gallery.mistakes')}
        </label>
        {digitSelect(filter.trueClass, (v) => setFilter({ trueClass: v }), t('gallery.truth'))}
        {digitSelect(filter.predicted, (v) => setFilter({ predicted: v }), t('gallery.predicted'))}
        <span className="muted" data-testid="gallery-count" data-count={indices.length}>
          {t('gallery.count', { count: indices.length })}
        </span>
      </div>
      <div className="gallery-scroll" ref={scrollRef} data-testid="gallery">
        <div style={{ height: rows * THUMB, position: 'relative' }}>
          {visible.map((i) => (
            <div
              key={indices[i]}
              className="thumb-cell"
              style={{ position: 'absolute', top: Math.floor(i / cols) * THUMB, left: (i % cols) * cellW, width: cellW, height: THUMB }}
            >
              <Thumb index={indices[i]!} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
