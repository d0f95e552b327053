import { memo } from 'react';
import type { LayerSpec } from '../../../shared/model/lenet.ts';
import { isSpatial, mapCount } from './layout.ts';
import { useTranslation } from 'react-i18next';
import { KernelRow } from './Kernels.tsx';
import { Prototypes } from './Prototypes.tsx';
import type { LayerTargets } from './paint.ts';

interface Props {
  readonly spec: LayerSpec;
  /** This layer's index in the network, for `onZoom`. */
  readonly layer: number;
  /** Where this layer's canvases register for painting. */
  readonly targets: LayerTargets;
  readonly onZoom: (layer: number, map: number) => void;
}

/**
 * One layer's feature maps, drawn as its spec's view says (grid, kernels, prototypes, digit labels).
 * Memoised: the panel re-renders when the first answer comes and when the drawing is cleared, and
 * the maps (painted outside React) need nothing from those renders.
 */
export const LayerMaps = memo(function LayerMaps({ spec, layer, targets, onZoom }: Props) {
  const count = mapCount(spec);
  targets.maps.length = count;
  const { t } = useTranslation();
  const shape = isSpatial(spec)
    ? `${spec.shape[2]} @ ${spec.shape[0]}×${spec.shape[1]}`
    : t('maps.units', { count: spec.shape.reduce((a, b) => a * b, 1) });
  // A layer's note is keyed by the layer's id; its English text is the spec's own.
  const note = spec.view.note === undefined ? shape : t(`maps.note.${spec.id}`, { defaultValue: spec.view.note });
  return (
    <div className="fmap" data-testid={`fmap-${spec.id}`} data-layer={spec.id} ref={(el) => void (targets.panel = el)}>
      <div className="fmap-title">
        {spec.label} <span>· {note}</span> <span className="range" ref={(el) => void (targets.range = el)} />
      </div>
      <div className={`fmap-grid grid-${spec.id}`}>
        {Array.from({ length: count }, (_, k) => (
          <button
            type="button"
            key={k}
            className="map-btn"
            onClick={() => onZoom(layer, k)}
            aria-label={t('maps.zoomInto', { layer: spec.label, map: k + 1 })}
          >
            <canvas data-map={k} className={`px cell-${spec.id}`} ref={(el) => void (targets.maps[k] = el)} />
          </button>
        ))}
      </div>
      {spec.view.prototypes && <Prototypes />}
      {spec.view.digits && (
        <div className="output-labels" aria-hidden="true">
          {Array.from({ length: 10 }, (_, d) => (
            <span key={d}>{d}</span>
          ))}
        </div>
      )}
      {spec.view.kernels === 'row' && <KernelRow spec={spec} />}
    </div>
  );
});
