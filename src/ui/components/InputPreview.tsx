import './InputPreview.css';
import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/index.ts';
import { paintGray } from '../canvas/gray.ts';
import { resampleArea, type PreprocessResult } from '../../shared/preprocess/mnist-style.ts';
import { MNIST_PEN_WIDTH, expandBox } from '../../shared/preprocess/stroke-render.ts';
import { useTranslation } from 'react-i18next';

/**
 * What the network sees: the preprocessing steps (crop → 20 px box → centered 28x28) as enlarged
 * pixel images. A drawing is cropped to its strokes' path and redrawn in the 20-px box with
 * MNIST's pen width (`preprocessStrokes`), whatever the pad's pen. Painted from a store subscription, outside React renders (it changes every frame
 * while the pen moves).
 */
export function InputPreview() {
  const cropRef = useRef<HTMLCanvasElement>(null);
  const scaledRef = useRef<HTMLCanvasElement>(null);
  const inputRef = useRef<HTMLCanvasElement>(null);
  const figureRef = useRef<HTMLDivElement>(null);
  const { t } = useTranslation();

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
      // A test digit sent to the lab is its own crop; a drawing's crop is its strokes' path, shown
      // with the pad's ink around it (the pen's own width is not part of the crop).
      const ink = session.image ? input.scaled : session.ink;
      const pen = session.allStrokes.reduce((m, st) => Math.max(m, st.width / 2), 0);
      const crop = session.image ? input.crop : expandBox(input.crop, pen);
      // The crop, shown at 56 px on its longer side (a preview, not what the network reads).
      const long = Math.max(crop.width, crop.height);
      const cw = Math.max(1, Math.round((56 * crop.width) / long));
      const ch = Math.max(1, Math.round((56 * crop.height) / long));
      paintGray(c, resampleArea(ink, crop, cw, ch).data, cw, ch);
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
      <h2 id="preview-title">{t('preview.title')}</h2>
      <div className="steps" ref={figureRef} data-empty="true">
        <figure>
          <canvas ref={cropRef} className="px step" data-testid="step-crop" />
          <figcaption>{t('preview.crop')}</figcaption>
        </figure>
        <span aria-hidden="true">→</span>
        <figure>
          <canvas ref={scaledRef} className="px step" data-testid="step-scaled" />
          <figcaption title={t('preview.scaledTitle', { pen: MNIST_PEN_WIDTH })}>{t('preview.scaled')}</figcaption>
        </figure>
        <span aria-hidden="true">→</span>
        <figure>
          <canvas ref={inputRef} className="px input28" data-testid="network-input" />
          <figcaption>{t('preview.input')}</figcaption>
        </figure>
      </div>
      <p className="steps-empty">{t('preview.empty')}</p>
    </section>
  );
}
