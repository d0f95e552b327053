import './VariantSwitch.css';
import { useAppStore } from '../store/index.ts';
import { selectRunBusy } from '../store/selectors.ts';
import { VARIANTS, variantSpec, isVariant } from '../../shared/model/variants.ts';

/** Switches the lab between the modern and the classic (1998) LeNet-5: prediction, panels, training. */
export function VariantSwitch() {
  const variant = useAppStore((s) => s.model.variant);
  const request = useAppStore((s) => s.model.actions.request);
  const busy = useAppStore(selectRunBusy);
  return (
    <label className="variant-switch">
      <span className="variant-label">Network</span>{' '}
      <select
        data-testid="variant"
        value={variant}
        disabled={busy}
        title={busy ? 'Stop the training run to switch networks' : undefined}
        onChange={(e) => {
          if (isVariant(e.target.value)) request({ kind: 'auto', variant: e.target.value });
        }}
      >
        {VARIANTS.map((v) => (
          <option key={v} value={v}>
            {variantSpec(v).label}
          </option>
        ))}
      </select>
    </label>
  );
}
