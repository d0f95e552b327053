import type { LayerSpec } from '../../../shared/model/lenet.ts';
import { mapCount, shapeLabel } from './layout.ts';
import { KernelRow } from './Kernels.tsx';
import { Prototypes } from './Prototypes.tsx';
import type { LayerTargets } from './paint.ts';

interface Props {
  readonly spec: LayerSpec;
  /** Where this layer's canvases register for painting. */
  readonly targets: LayerTargets;
  readonly onZoom: (map: number) => void;
}

/** One layer's feature maps, drawn as its spec's view says (grid, kernels, prototypes, digit labels). */
export function LayerMaps({ spec, targets, onZoom }: Props) {
  const count = mapCount(spec);
  targets.maps.length = count;
  return (
    <div className="fmap" data-testid={`fmap-${spec.id}`} data-layer={spec.id} ref={(el) => void (targets.panel = el)}>
      <div className="fmap-title">
        {spec.label} <span>· {spec.view.note ?? shapeLabel(spec)}</span> <span className="range" ref={(el) => void (targets.range = el)} />
      </div>
      <div className={`fmap-grid grid-${spec.id}`}>
        {Array.from({ length: count }, (_, k) => (
          <button type="button" key={k} className="map-btn" onClick={() => onZoom(k)} aria-label={`Zoom into ${spec.label} map ${k + 1}`}>
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
}
