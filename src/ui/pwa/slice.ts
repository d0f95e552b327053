import type { StateCreator } from 'zustand';
import type { AppState } from '../store/index.ts';

/**
 * Where the offline app stands: `off` — no service worker (dev server, a browser or test that
 * blocks it, an insecure origin); `installing` — registered, precaching the app; `caching` — the
 * app is cached, the MNIST files are being kept; `ready` — app and data are cached, the lab works
 * with the network off; `error` — something failed (the message says what).
 */
export type OfflineState = 'off' | 'installing' | 'caching' | 'ready' | 'error';

export interface PwaSlice {
  pwa: {
    offline: OfflineState;
    /** Files of the data kept so far, of `dataTotal`. */
    dataKept: number;
    dataTotal: number;
    message: string | null;
    /** A new version is installed and waits for "Reload to update". */
    needRefresh: boolean;
    actions: {
      set: (p: Partial<Omit<PwaSlice['pwa'], 'actions'>>) => void;
    };
  };
}

export const createPwaSlice: StateCreator<AppState, [], [], PwaSlice> = (set) => ({
  pwa: {
    offline: 'off',
    dataKept: 0,
    dataTotal: 0,
    message: null,
    needRefresh: false,
    actions: {
      set: (p) => set((s) => ({ pwa: { ...s.pwa, ...p } })),
    },
  },
});
