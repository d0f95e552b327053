import './InputPreview.css';
import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/index.ts';
import { paintGray } from '../canvas/gray.ts';
import { resampleArea, type PreprocessResult } from '../../shared/preprocess/mnist-style.ts';

/**
 * What the network sees: the preprocessing steps (crop → 20 px box → centered 28x28) as enlarged
 * pixel images. Painted from a store subscription, outside React renders (it changes every frame
 * while the pen moves).
 */
export function InputPreview() {
  const cropRef = useRef<HTMLCanvasElement>(null);
  const scaledRef = useRef<HTMLCanvasElement>(null);
  const inputRef = useRef<HTMLCanvasElement>(null);
  const figureRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const paint = (input: PreprocessResult) => {
      const [c, s, i] = [cropRef.current, scaledRef.current, inputRef.current];
      if (!c || !s || !i) return;
      figureRef.current?.setAttribute('data-empty', String(input.kind === 'empty'));
      if (input.kind === 'empty') {
        for (const cv of [c, s, i]) paintGray(cv, [], 28, 28);
        return;
      }
      const { session } = useAppStore.getState().drawing;
      // A test digit sent to the lab is its own crop; a drawing is cropped from the pad's ink.
      const ink = session.image ? input.scaled : session.ink;
      // The crop, shown at 56 px on its longer side (a preview, not what the network reads).
      const long = Math.max(input.crop.width, input.crop.height);
      const cw = Math.max(1, Math.round((56 * input.crop.width) / long));
      const ch = Math.max(1, Math.round((56 * input.crop.height) / long));
      paintGray(c, resampleArea(ink, input.crop, cw, ch).data, cw, ch);
      paintGray(s, input.scaled.data, input.scaled.width, input.scaled.height);
      paintGray(i, input.image, 28, 28);
    };
    paint(useAppStore.getState().prediction.input);
    return useAppStore.subscribe((st, prev) => {
      if (st.prediction.input !== prev.prediction.input) paint(st.prediction.input);
    });
  }, []);

  return (
    <section className="panel preview-panel" aria-labelledby="preview-title">
      <h2 id="preview-title">What the network sees</h2>
      <div className="steps" ref={figureRef} data-empty="true">
        <figure>
          <canvas ref={cropRef} className="px step" data-testid="step-crop" />
          <figcaption>1 · crop to the ink</figcaption>
        </figure>
        <span aria-hidden="true">→</span>
        <figure>
          <canvas ref={scaledRef} className="px step" data-testid="step-scaled" />
          <figcaption>2 · longer side 20 px</figcaption>
        </figure>
        <span aria-hidden="true">→</span>
        <figure>
          <canvas ref={inputRef} className="px input28" data-testid="network-input" />
          <figcaption>3 · centered in 28×28 (input)</figcaption>
        </figure>
      </div>
      <p className="steps-empty">Draw a digit: its crop, its 20-pixel box and the centered 28×28 input appear here.</p>
    </section>
  );
}
