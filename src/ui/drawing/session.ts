/**
 * The drawing as data, outside React: committed strokes, the stroke in progress, and the ink map
 * the network reads (rasterized incrementally in surface units). The pad writes to it on every
 * pointer event; listeners (the pad's canvas, the inference controller) hear about each change.
 */
import { PEN_WIDTH, emptyInk, rasterize, rasterizeSegment, type Point, type Stroke } from '../../shared/preprocess/strokes.ts';
import type { InkMap, Mnist28 } from '../../shared/preprocess/mnist-style.ts';

export type DrawingChange = 'live' | 'commit' | 'reset';
type Listener = (change: DrawingChange) => void;

export class DrawingSession {
  private strokes: Stroke[] = [];
  private active: { points: Point[]; width: number } | null = null;
  private inkMap: InkMap = emptyInk();
  /** A test digit sent to the lab: used as the network's input as it is, until the user draws. */
  private loaded: Mnist28 | null = null;
  private listeners = new Set<Listener>();
  /** Increases on every change: a prediction made for an older version is stale. */
  version = 0;

  get committed(): readonly Stroke[] {
    return this.strokes;
  }
  get current(): Stroke | null {
    return this.active;
  }
  /** Every stroke, the one in progress last: what the network's input is drawn from. */
  get allStrokes(): readonly Stroke[] {
    return this.active ? [...this.strokes, this.active] : this.strokes;
  }
  get ink(): InkMap {
    return this.inkMap;
  }
  get image(): Mnist28 | null {
    return this.loaded;
  }
  get isEmpty(): boolean {
    return this.strokes.length === 0 && !this.active && !this.loaded;
  }

  /** Shows a ready-made 28x28 input (e.g. a test digit) instead of a drawing. */
  loadImage(image: Mnist28): void {
    this.active = null;
    this.strokes = [];
    this.inkMap = emptyInk();
    this.loaded = image;
    this.emit('reset');
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(change: DrawingChange): void {
    this.version++;
    for (const fn of this.listeners) fn(change);
  }

  begin(p: Point, width = PEN_WIDTH): void {
    if (this.active) this.end();
    if (this.loaded) {
      this.loaded = null;
      this.emit('reset');
    }
    this.active = { points: [p], width };
    rasterizeSegment(this.inkMap, p, p, width);
    this.emit('live');
  }

  extend(points: readonly Point[]): void {
    const s = this.active;
    if (!s || points.length === 0) return;
    for (const p of points) {
      const last = s.points[s.points.length - 1]!;
      if (Math.abs(last.x - p.x) + Math.abs(last.y - p.y) < 0.5) continue;
      s.points.push(p);
      rasterizeSegment(this.inkMap, last, p, s.width);
    }
    this.emit('live');
  }

  end(): void {
    if (!this.active) return;
    this.strokes = [...this.strokes, this.active];
    this.active = null;
    this.emit('commit');
  }

  /** Replaces the drawing with `strokes` (tests and "load into the lab" use this). */
  load(strokes: readonly Stroke[]): void {
    this.active = null;
    this.loaded = null;
    this.strokes = [...strokes];
    this.inkMap = rasterize(this.strokes);
    this.emit('reset');
  }

  undo(): void {
    this.loaded = null;
    if (this.active) this.active = null;
    else this.strokes = this.strokes.slice(0, -1);
    this.inkMap = rasterize(this.strokes);
    this.emit('reset');
  }

  clear(): void {
    this.load([]);
  }
}
