/**
 * Which preprocessing a drawing gets: a ready-made 28x28 image (a test digit sent to the lab) is
 * read as it is; pen strokes are redrawn at the network's scale (`preprocessStrokes`). The pad's
 * pixels (`preprocessMnist`) remain for pictures that have no strokes.
 */
import { fromMnist28, type Mnist28, type PreprocessResult } from './mnist-style.ts';
import { preprocessStrokes } from './stroke-render.ts';
import type { Stroke } from './strokes.ts';

export interface DrawingLike {
  /** A ready-made 28x28 input, or null when the user draws. */
  readonly image: Mnist28 | null;
  /** Every stroke, the one in progress included, in surface units. */
  readonly allStrokes: readonly Stroke[];
}

/** The network's input for what is on the pad. */
export function drawingInput(d: DrawingLike): PreprocessResult {
  return d.image ? fromMnist28(d.image) : preprocessStrokes(d.allStrokes);
}
