import type { StateCreator } from 'zustand';
import type { AppState } from './index.ts';
import { DrawingSession } from '../drawing/session.ts';

export interface DrawingSlice {
  drawing: {
    /** The drawing itself; pen moves go straight to it, not through React. */
    session: DrawingSession;
    /** Whether there is anything to clear (strokes or a loaded test digit). */
    hasContent: boolean;
    actions: {
      undo: () => void;
      clear: () => void;
    };
  };
}

export const createDrawingSlice: StateCreator<AppState, [], [], DrawingSlice> = (set) => {
  const session = new DrawingSession();
  session.subscribe((change) => {
    if (change !== 'live') set((s) => ({ drawing: { ...s.drawing, hasContent: !session.isEmpty } }));
  });
  return {
    drawing: {
      session,
      hasContent: false,
      actions: {
        undo: () => session.undo(),
        clear: () => session.clear(),
      },
    },
  };
};
