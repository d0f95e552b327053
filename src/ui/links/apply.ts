/**
 * Applies the opening lesson link to the store before the first render: its training settings and
 * its drawing (the variant is read by `env.ts`, the panels by the links slice). The inference
 * controller reads the drawing as soon as the model is ready.
 */
import { useAppStore } from '../store/index.ts';
import { INITIAL_LINK } from './initial.ts';

export function applyInitialLink(): void {
  const { link } = INITIAL_LINK;
  const state = useAppStore.getState();
  if (Object.keys(link.train).length) state.training.actions.setConfig(link.train);
  if (link.strokes?.length) state.drawing.session.load(link.strokes);
}
