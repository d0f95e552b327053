/** The words under a saliency map: what its colours mean for this method, variant and contrast. */
import type { TFunction } from 'i18next';
import type { SaliencyMethod } from '../../shared/explain/saliency.ts';
import type { Variant } from '../../shared/model/variants.ts';

/** A method's name in the page's language. */
export const methodLabel = (t: TFunction, method: SaliencyMethod): string => t(`explain.method.${method}`);

export interface LegendText {
  /** Left (blue) and right (red) end of the colour bar. */
  readonly low: string;
  readonly high: string;
  /** What is measured, in one sentence. */
  readonly what: string;
}

export function legendText(t: TFunction, method: SaliencyMethod, variant: Variant, cls: number, versus: number | null): LegendText {
  const classic = variant === 'classic';
  const vs = versus === null ? '' : 'Vs';
  const p = { cls, versus };
  const toward = t(`legend.toward${vs}`, p);
  const away = t(`legend.away${vs}`, p);
  const score = t(`legend.score.${classic ? 'classic' : 'modern'}${vs}`, p);
  if (method === 'occlusion') {
    const measured = classic ? score : t(`legend.probability${vs}`, p);
    return {
      low: t('legend.occlusion.low'),
      high: t('legend.occlusion.high'),
      what: t(classic ? 'legend.occlusion.worsens' : 'legend.occlusion.drops', { measured, toward }),
    };
  }
  return {
    low: t('legend.pushes', { where: away }),
    high: t('legend.pushes', { where: toward }),
    what: t(`legend.what.${method}`, { score, suffix: classic ? t('legend.classicSuffix') : '' }),
  };
}
