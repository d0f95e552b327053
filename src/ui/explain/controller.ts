/**
 * Glue between the prediction, the explain slice and `shared/explain`: after each prediction of
 * the drawing (and when the user picks another digit, contrast or method) it computes the saliency
 * map on the UI thread with the model in use, and runs "nudge" requests. The latest request wins:
 * a computation whose drawing, weights or choice changed is cancelled between slices, never shown.
 * Slow methods (SmoothGrad, occlusion, nudge) run in slices of a few milliseconds, yielding to the
 * page in between, so no task is long enough to drop a frame.
 */
import type * as tf from '@tensorflow/tfjs';
import { useAppStore, type AppState } from '../store/index.ts';
import { createScorer, PIXELS, type ClassScorer } from '../../shared/explain/scorer.ts';
import { ExplainCancelled, gradientSaliency, saliency, type SaliencyMethod } from '../../shared/explain/saliency.ts';
import { withServices } from '../store/services.ts';
import { nudge } from '../../shared/explain/nudge.ts';
import type { Variant } from '../../shared/model/variants.ts';
import { cancelFrame, cancelIdle, nextTask, requestFrame, whenIdle } from '../frame.ts';

/** This controller's key in the frame scheduler. */
const FRAME_KEY = 'explain:saliency';

/** `performance.measure` names, one per method (read by the bench and the e2e timing report). */
export const MEASURE_SALIENCY = (m: SaliencyMethod) => `lenet:saliency:${m}`;
export const MEASURE_NUDGE = 'lenet:nudge';

/**
 * Live maps take at most this share of the UI thread: after a map that took t ms, the next waits
 * until t / SHARE − t ms have passed (a 5 ms gradient still follows every frame or two; on a slow
 * or busy machine the map lags the pen instead of slowing the prediction and the page).
 */
const SHARE = 0.25;

/** Gradients taken on a blank image after a model loads (see `warmUp`). */
const WARM_UPS = 3;

/** What a saliency map depends on; a change to any of these starts a new one. */
const inputsOf = (s: AppState) =>
  [s.prediction.state, s.prediction.result, s.explain.cls, s.explain.versus, s.explain.method, s.explain.inView] as const;

export function startExplain(): () => void {
  const store = useAppStore;
  const scorers = new WeakMap<tf.LayersModel, ClassScorer>();
  let disposed = false;
  /** 1 while a live map waits for its frame (and the task after it). */
  let frame = 0;
  let saliencyRun = 0;
  let nudgeRun = 0;
  /** When the next live map may start (see `SHARE`), and the timer waiting for it. */
  let notBefore = 0;
  let timer = 0;

  const scorerFor = (net: tf.LayersModel, variant: Variant): ClassScorer => {
    let s = scorers.get(net);
    if (!s || s.variant !== variant) {
      s = createScorer(net, variant);
      scorers.set(net, s);
    }
    return s;
  };

  async function explainDrawing(): Promise<void> {
    frame = 0;
    const run = ++saliencyRun;
    const s = store.getState();
    const { actions } = s.explain;
    const { result, input, state } = s.prediction;
    if (state === 'pending') return actions.pending();
    if (state !== 'ready' || !result || input.kind === 'empty') return actions.cleared();
    // Off screen: nothing is computed until the panel is scrolled into view (`inView` schedules it then).
    if (!s.explain.inView) return actions.pending();
    const cls = s.explain.cls ?? result.digit;
    const versus = s.explain.versus === cls ? null : s.explain.versus;
    const method = s.explain.method;
    const image = Float32Array.from(input.image);
    actions.pending();
    const t0 = performance.now();
    try {
      const map = await saliency(scorerFor(result.net, result.variant), image, { cls, versus }, method, {
        yieldNow: nextTask,
        isCancelled: () => disposed || run !== saliencyRun,
      });
      if (disposed || run !== saliencyRun) return;
      const ms = performance.now() - t0;
      notBefore = performance.now() + ms * (1 / SHARE - 1);
      performance.measure(MEASURE_SALIENCY(method), { start: t0, end: t0 + ms });
      actions.shown({ cls, versus, method, variant: result.variant, map, input: image, ms });
    } catch (e) {
      if (e instanceof ExplainCancelled || disposed || run !== saliencyRun) return;
      // The model was replaced (and disposed) under us: the next prediction brings a new one.
      console.warn('LeNet Lab: explanation failed', e);
      actions.cleared();
    }
  }

  async function runNudge(): Promise<void> {
    const run = ++nudgeRun;
    const s = store.getState();
    const { result, input, state } = s.prediction;
    const { actions, nudgeTarget } = s.explain;
    // `pending`: the drawing changed and its answer is a frame away; the net is the same.
    if ((state !== 'ready' && state !== 'pending') || !result || input.kind === 'empty') {
      actions.nudgeUpdate({ state: 'error', result: null, error: 'draw a digit first', ms: 0 });
      return;
    }
    const drawing = input;
    actions.nudgeUpdate({ state: 'running', result: null, error: null, ms: 0 });
    const t0 = performance.now();
    try {
      const r = await nudge(scorerFor(result.net, result.variant), Float32Array.from(input.image), nudgeTarget, {
        yieldNow: nextTask,
        isCancelled: () => disposed || run !== nudgeRun || store.getState().prediction.input !== drawing,
      });
      const ms = performance.now() - t0;
      performance.measure(MEASURE_NUDGE, { start: t0, end: t0 + ms });
      actions.nudgeUpdate({ state: 'done', result: r, error: null, ms });
    } catch (e) {
      if (disposed || run !== nudgeRun) return;
      if (e instanceof ExplainCancelled) actions.nudgeUpdate({ state: 'idle', result: null, error: null, ms: 0 });
      else actions.nudgeUpdate({ state: 'error', result: null, error: (e as Error).message, ms: 0 });
    }
  }

  /**
   * A live map waits for the frame that paints the prediction and its panels (`ui/frame.ts`, the
   * one owner of animation frames), then for the task after that frame's rendering, so it never
   * delays the answer or the panels of the same stroke; maps asked for in between coalesce into
   * one. When it runs, a newer stroke still being predicted skips it (the next answer asks again).
   */
  const schedule = () => {
    if (frame || timer || disposed) return;
    if (!store.getState().explain.inView) {
      // No frame and no task for a map nobody sees: `explainDrawing` only marks it pending (or clears
      // it, for an empty drawing), at once, and cancels one still computing.
      void explainDrawing();
      return;
    }
    const wait = notBefore - performance.now();
    // The map shown is for an older drawing or choice until the next one is computed.
    if (wait > 0 && store.getState().explain.state !== 'pending') store.getState().explain.actions.pending();
    if (wait > 0) {
      timer = window.setTimeout(() => {
        timer = 0;
        schedule();
      }, wait);
      return;
    }
    frame = 1;
    requestFrame(FRAME_KEY, () => {
      void nextTask().then(() => {
        if (disposed || !frame) return;
        if (store.getState().prediction.state === 'pending') {
          // A newer stroke is on its way: its answer schedules the map again.
          frame = 0;
          if (store.getState().explain.state !== 'pending') store.getState().explain.actions.pending();
          return;
        }
        void explainDrawing();
      });
    });
  };
  /**
   * A page's first gradients are slow while tfjs and V8 warm up (73, 34, 18 ms, then ~9, measured in
   * the page): they are taken on a blank image in idle time after each model loads, one per idle
   * callback, so the first strokes drawn do not pay for them.
   */
  let warmed: tf.LayersModel | null = null;
  let idle = 0;
  const warmUp = (left = WARM_UPS) => {
    idle = 0;
    const m = withServices((sv) => sv.inference.network());
    if (disposed || !m || left === 0 || (m.net === warmed && left === WARM_UPS)) return;
    warmed = m.net;
    try {
      gradientSaliency(scorerFor(m.net, m.variant), new Float32Array(PIXELS), { cls: 0, versus: null });
    } catch {
      return; // replaced and disposed meanwhile: the next model warms up again
    }
    idle = whenIdle(() => warmUp(left - 1));
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.model.status === 'ready' && (prev.model.status !== 'ready' || s.model.requestId !== prev.model.requestId) && !idle)
      idle = whenIdle(() => warmUp());
    const a = inputsOf(s);
    const b = inputsOf(prev);
    if (a.some((v, i) => v !== b[i])) schedule();
    if (s.explain.nudgeRequest !== prev.explain.nudgeRequest) void runNudge();
    // A nudge result is about the drawing it started from: a new drawing drops it.
    if (s.prediction.input !== prev.prediction.input && s.explain.nudge.state === 'done')
      s.explain.actions.nudgeUpdate({ state: 'idle', result: null, error: null, ms: 0 });
  });
  schedule();

  return () => {
    disposed = true;
    if (frame) cancelFrame(FRAME_KEY);
    frame = 0;
    if (timer) clearTimeout(timer);
    if (idle) cancelIdle(idle);
    unsubscribe();
  };
}
