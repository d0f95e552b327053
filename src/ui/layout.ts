/**
 * Which layout the page has: the desktop grid, or the phone layout (the pad and the answer on the
 * first screen, the other panels behind section tabs). One media query decides it, read here and
 * nowhere else; the stylesheets follow the `phone` class it puts on the app.
 */
import { useSyncExternalStore } from 'react';

/** Narrow screens, and phones held sideways (wide but short). */
export const PHONE_QUERY = '(max-width: 720px), (max-height: 520px) and (max-width: 1000px)';

const subscribe = (onChange: () => void): (() => void) => {
  const mq = window.matchMedia(PHONE_QUERY);
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
};

/** Whether the phone layout applies now (re-renders when the window crosses the query). */
export function usePhoneLayout(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(PHONE_QUERY).matches);
}

/** Whether the user asked for less motion (smooth scrolling and transitions turn into jumps). */
export const prefersReducedMotion = (): boolean => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** The phone layout's sections, in tab order: each holds some of the lab's panels. */
export const SECTIONS = [
  { id: 'draw', label: 'Draw' },
  { id: 'inside', label: 'Inside' },
  { id: 'mine', label: 'Your digits' },
  { id: 'train', label: 'Train' },
  { id: 'evaluate', label: 'Evaluate' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];
