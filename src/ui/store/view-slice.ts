import type { StateCreator } from 'zustand';
import type { AppState } from './index.ts';
import { PALETTES, type Palette } from '../../shared/viz/colormap.ts';

const KEY = 'lenet-lab:palette';

/** The palette chosen last time in this browser (the default when none, or storage is off). */
function savedPalette(): Palette {
  try {
    const v = globalThis.localStorage?.getItem(KEY);
    return PALETTES.find((p) => p === v) ?? 'default';
  } catch {
    return 'default';
  }
}

export interface ViewSlice {
  view: {
    /** The colormaps' palette: every feature map, kernel and explanation is painted with it. */
    palette: Palette;
    actions: {
      setPalette: (palette: Palette) => void;
    };
  };
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  view: {
    palette: savedPalette(),
    actions: {
      setPalette: (palette) => {
        try {
          globalThis.localStorage?.setItem(KEY, palette);
        } catch {
          // Storage off (private mode): the choice lasts for this visit.
        }
        set((s) => ({ view: { ...s.view, palette } }));
      },
    },
  },
});
