import './VariantSwitch.css';
import { useAppStore } from '../store/index.ts';
import { selectRunBusy } from '../store/selectors.ts';
import { VARIANTS, isVariant } from '../../shared/model/variants.ts';
import { useTranslation } from 'react-i18next';

/** Switches the lab between the modern and the classic (1998) LeNet-5: prediction, panels, training. */
export function VariantSwitch() {
  const variant = useAppStore((s) => s.model.variant);
  const request = useAppStore((s) => s.model.actions.request);
  const busy = useAppStore(selectRunBusy);
  const { t } = useTranslation();
  return (
    <label className="variant-switch">
      <span className="variant-label">{t('variant.label')}</span>{' '}
      <select
        data-testid="variant"
        value={variant}
        disabled={busy}
        title={busy ? t('variant.busy') : undefined}
        onChange={(e) => {
          if (isVariant(e.target.value)) request({ kind: 'auto', variant: e.target.value });
        }}
      >
        {VARIANTS.map((v) => (
          <option key={v} value={v}>
            {t(`variant.long.${v}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
