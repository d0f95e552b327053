import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store/index.ts';
import { PROTOTYPE_HEIGHT, PROTOTYPE_SIZE, PROTOTYPE_WIDTH, RBF_PROTOTYPES } from '../../../shared/model/prototypes.ts';
import { paintHeatmap } from '../../canvas/heatmap.ts';
import { useTranslation } from 'react-i18next';

/** The fixed ±1 RBF prototypes (painted once), the nearest one — the prediction — marked. */
export function Prototypes() {
  const canvases = useRef<Array<HTMLCanvasElement | null>>([]);
  const { t } = useTranslation();
  const nearest = useAppStore((s) => (s.prediction.state === 'empty' ? null : (s.prediction.result?.digit ?? null)));
  useEffect(() => {
    canvases.current.forEach(
      (cv, d) =>
        cv &&
        paintHeatmap(
          cv,
          RBF_PROTOTYPES.subarray(d * PROTOTYPE_SIZE, (d + 1) * PROTOTYPE_SIZE),
          PROTOTYPE_WIDTH,
          PROTOTYPE_HEIGHT,
          'diverging',
          {
            min: -1,
            max: 1,
          },
        ),
    );
  }, []);
  return (
    <div className="prototypes" data-testid="prototypes" title={t('maps.prototypesTitle')}>
      <span>{t('maps.prototypes')}</span>
      {Array.from({ length: 10 }, (_, d) => (
        <figure key={d} data-digit={d} className={d === nearest ? 'nearest' : undefined}>
          <canvas className="px proto" data-proto={d} ref={(el) => void (canvases.current[d] = el)} />
          <figcaption>{d}</figcaption>
        </figure>
      ))}
    </div>
  );
}
