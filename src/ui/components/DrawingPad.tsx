import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/index.ts';
import { SURFACE, type Point } from '../../shared/preprocess/strokes.ts';
import { renderImage, renderStrokes } from '../drawing/render.ts';
import { cancelFrame, requestFrame } from '../frame.ts';
import { useTranslation } from 'react-i18next';

const FRAME_KEY = 'pad';

/**
 * The drawing pad: a square canvas drawn with Pointer Events (mouse, touch, pen). Pen moves go to
 * the `DrawingSession` and the canvas directly, never through React state.
 */
export function DrawingPad() {
  const session = useAppStore((s) => s.drawing.session);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { t } = useTranslation();

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const paint = () => {
      const image = session.image;
      if (image) return renderImage(ctx, image);
      const all = session.current ? [...session.committed, session.current] : session.committed;
      renderStrokes(ctx, all);
    };
    const schedulePaint = () => requestFrame(FRAME_KEY, paint);
    // Backing store = CSS size × devicePixelRatio, so strokes are crisp on high-DPI screens.
    const resize = () => {
      const rect = canvas.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      const side = Math.max(1, Math.round(rect.width * dpr));
      if (canvas.width !== side) {
        canvas.width = side;
        canvas.height = side;
      }
      paint();
    };
    const observer = new ResizeObserver(resize);
    observer.observe(canvas);
    resize();

    const toSurface = (e: PointerEvent): Point => {
      const rect = canvas.getBoundingClientRect();
      return { x: ((e.clientX - rect.left) / rect.width) * SURFACE, y: ((e.clientY - rect.top) / rect.height) * SURFACE };
    };
    let pointerId: number | null = null;
    const down = (e: PointerEvent) => {
      if (e.button !== 0 || pointerId !== null) return;
      e.preventDefault();
      pointerId = e.pointerId;
      canvas.setPointerCapture(e.pointerId);
      session.begin(toSurface(e));
    };
    const move = (e: PointerEvent) => {
      if (e.pointerId !== pointerId) return;
      e.preventDefault();
      const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
      session.extend((events.length ? events : [e]).map(toSurface));
    };
    const up = (e: PointerEvent) => {
      if (e.pointerId !== pointerId) return;
      pointerId = null;
      session.end();
    };
    canvas.addEventListener('pointerdown', down);
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerup', up);
    canvas.addEventListener('pointercancel', up);
    const unsubscribe = session.subscribe(schedulePaint);
    return () => {
      observer.disconnect();
      unsubscribe();
      cancelFrame(FRAME_KEY);
      canvas.removeEventListener('pointerdown', down);
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', up);
      canvas.removeEventListener('pointercancel', up);
    };
  }, [session]);

  return <canvas ref={canvasRef} className="pad" data-testid="draw-canvas" role="img" aria-label={t('draw.pad')} />;
}
