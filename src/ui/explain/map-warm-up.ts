import { useEffect, useRef, useState, type RefObject } from 'react';
import { useAppStore } from '../store/index.ts';
import { selectRunBusy } from '../store/selectors.ts';
import { explainWorker } from './worker-client.ts';
import { currentModel } from './weights-watch.ts';

/** How long the panel stays in view before the worker gets the map ready ahead. */
const WARM_DWELL_MS = 800;

export type WarmState = 'idle' | 'warming' | 'ready';

/**
 * The map's warm-up: once `section` has stayed in view for a moment and there is no map yet
 * (`map.current` is null), the explain worker loads the test set and runs the forward pass for the
 * model in use, so Show costs only the PCA and the paint. Not during a training run (its worker
 * needs the cores), and once per weights; scrolling or tabbing past the panel costs nothing.
 */
export function useWarmUpInView(section: RefObject<HTMLElement | null>, map: RefObject<unknown>): WarmState {
  const [warm, setWarm] = useState<WarmState>('idle');
  const warmedKey = useRef<string | null>(null);
  useEffect(() => {
    const el = section.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    let dwell = 0;
    const warmUp = () => {
      dwell = 0;
      if (map.current !== null || selectRunBusy(useAppStore.getState())) return;
      const model = currentModel();
      if (!model || warmedKey.current === model.key) return;
      warmedKey.current = model.key;
      setWarm('warming');
      explainWorker()
        .warm(model.variant, model.snapshot)
        .then(() => {
          if (warmedKey.current === model.key) setWarm('ready');
        })
        .catch((err: unknown) => console.warn('LeNet Lab: the map could not get ready ahead', err));
    };
    const io = new IntersectionObserver((entries) => {
      const inView = entries.some((en) => en.isIntersecting);
      if (!inView && dwell) {
        clearTimeout(dwell);
        dwell = 0;
      } else if (inView && !dwell) dwell = window.setTimeout(warmUp, WARM_DWELL_MS);
    });
    io.observe(el);
    return () => {
      io.disconnect();
      if (dwell) clearTimeout(dwell);
    };
  }, [section, map]);
  return warm;
}
