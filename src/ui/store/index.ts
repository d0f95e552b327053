/**
 * The app's one zustand store, in slices (model, drawing, prediction, training; inspection joins
 * later). Actions live beside their state under `actions`, so components select one stable
 * reference. High-frequency data (pen moves) bypasses the store: see `DrawingSession`.
 */
import { create } from 'zustand';
import { createModelSlice, type ModelSlice } from './model-slice.ts';
import { createDrawingSlice, type DrawingSlice } from './drawing-slice.ts';
import { createPredictionSlice, type PredictionSlice } from './prediction-slice.ts';
import { createTrainingSlice, type TrainingSlice } from './training-slice.ts';
import { createEvaluationSlice, type EvaluationSlice } from './evaluation-slice.ts';
import { createExplainSlice, type ExplainSlice } from './explain-slice.ts';
import { createMyDigitsSlice, type MyDigitsSlice } from './mydigits-slice.ts';
import { createPwaSlice, type PwaSlice } from '../pwa/slice.ts';
import { createLinksSlice, type LinksSlice } from '../links/slice.ts';
import { createViewSlice, type ViewSlice } from './view-slice.ts';

export type AppState = ModelSlice &
  DrawingSlice &
  PredictionSlice &
  TrainingSlice &
  EvaluationSlice &
  ExplainSlice &
  MyDigitsSlice &
  PwaSlice &
  LinksSlice &
  ViewSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createModelSlice(...a),
  ...createDrawingSlice(...a),
  ...createPredictionSlice(...a),
  ...createTrainingSlice(...a),
  ...createEvaluationSlice(...a),
  ...createExplainSlice(...a),
  ...createMyDigitsSlice(...a),
  ...createPwaSlice(...a),
  ...createLinksSlice(...a),
  ...createViewSlice(...a),
}));
