import type { StateCreator } from 'zustand';
import type { AppState } from './index.ts';
import type { SaliencyMethod } from '../../shared/explain/saliency.ts';
import type { NudgeResult } from '../../shared/explain/nudge.ts';
import type { Variant } from '../../shared/model/variants.ts';

/** A saliency map for the drawing, as the explain controller last computed it. */
export interface SaliencyView {
  readonly cls: number;
  readonly versus: number | null;
  readonly method: SaliencyMethod;
  readonly variant: Variant;
  /** `[784]` signed, positive = pushes toward `cls` (away from `versus`). */
  readonly map: Float32Array;
  /** The 28x28 input it explains `[784]` in [0, 1]. */
  readonly input: Float32Array;
  readonly ms: number;
}

export interface NudgeView {
  /** `running` while the steps go on; `done` with `result`; `error` with `error`. */
  readonly state: 'idle' | 'running' | 'done' | 'error';
  readonly result: NudgeResult | null;
  readonly error: string | null;
  readonly ms: number;
}

export type ExplainState = 'ready' | 'pending';

export interface ExplainSlice {
  explain: {
    /** The digit to explain: a clicked bar, or null to follow the network's answer. */
    cls: number | null;
    /** "Why `cls` and not `versus`?" when set. */
    versus: number | null;
    method: SaliencyMethod;
    /** `pending` while the map for the current drawing/choice computes; `ready` once shown. */
    state: ExplainState;
    saliency: SaliencyView | null;
    nudgeTarget: number;
    /** Bumped by "Nudge": the controller runs one nudge per bump. */
    nudgeRequest: number;
    nudge: NudgeView;
    /**
     * Whether the panel is on screen: live maps are computed only then (a map nobody sees costs the
     * pen ~6 ms a frame); scrolled into view, it is computed for the drawing as it is then.
     */
    inView: boolean;
    actions: {
      /** Explains digit `d` (clicking the bar of the explained digit again follows the answer). */
      select: (d: number) => void;
      setVersus: (d: number | null) => void;
      setMethod: (m: SaliencyMethod) => void;
      pending: () => void;
      shown: (view: SaliencyView) => void;
      cleared: () => void;
      setNudgeTarget: (d: number) => void;
      requestNudge: () => void;
      nudgeUpdate: (view: NudgeView) => void;
      setInView: (inView: boolean) => void;
    };
  };
}

export const createExplainSlice: StateCreator<AppState, [], [], ExplainSlice> = (set, get) => {
  const patch = (p: Partial<Omit<ExplainSlice['explain'], 'actions'>>) => set((s) => ({ explain: { ...s.explain, ...p } }));
  return {
    explain: {
      cls: null,
      versus: null,
      method: 'gradient',
      state: 'ready',
      saliency: null,
      nudgeTarget: 8,
      nudgeRequest: 0,
      nudge: { state: 'idle', result: null, error: null, ms: 0 },
      inView: false,
      actions: {
        select: (d) =>
          set((s) => ({
            explain: { ...s.explain, cls: s.explain.cls === d ? null : d, versus: s.explain.versus === d ? null : s.explain.versus },
          })),
        setVersus: (versus) => patch({ versus }),
        setMethod: (method) => patch({ method }),
        pending: () => {
          if (get().explain.state !== 'pending') patch({ state: 'pending' });
        },
        shown: (saliency) => patch({ state: 'ready', saliency }),
        cleared: () => {
          const { state, saliency } = get().explain;
          if (state !== 'ready' || saliency !== null) patch({ state: 'ready', saliency: null });
        },
        setNudgeTarget: (nudgeTarget) => patch({ nudgeTarget }),
        requestNudge: () => set((s) => ({ explain: { ...s.explain, nudgeRequest: s.explain.nudgeRequest + 1 } })),
        nudgeUpdate: (nudge) => patch({ nudge }),
        setInView: (inView) => {
          if (get().explain.inView !== inView) patch({ inView });
        },
      },
    },
  };
};
