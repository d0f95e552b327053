/** The words under a saliency map: what its colours mean for this method, variant and contrast. */
import type { SaliencyMethod } from '../../shared/explain/saliency.ts';
import type { Variant } from '../../shared/model/variants.ts';

export const METHOD_LABELS: Readonly<Record<SaliencyMethod, string>> = {
  gradient: 'Gradient',
  'input-x-gradient': 'Input × gradient',
  smoothgrad: 'SmoothGrad (16)',
  occlusion: 'Occlusion',
};

export interface LegendText {
  /** Left (blue) and right (red) end of the colour bar. */
  readonly low: string;
  readonly high: string;
  /** What is measured, in one sentence. */
  readonly what: string;
}

export function legendText(method: SaliencyMethod, variant: Variant, cls: number, versus: number | null): LegendText {
  const classic = variant === 'classic';
  const toward = versus === null ? `toward ${cls}` : `toward ${cls}, away from ${versus}`;
  const away = versus === null ? `away from ${cls}` : `toward ${versus}`;
  const score = classic
    ? versus === null
      ? `the penalty of ${cls} (the RBF distance of F6 to ${cls}’s prototype; lower is better)`
      : `the penalty of ${cls} minus that of ${versus} (RBF distances; lower is better)`
    : versus === null
      ? `the score (logit) of ${cls}`
      : `the logit of ${cls} minus that of ${versus}`;
  if (method === 'occlusion') {
    const measured = classic ? score : versus === null ? `the probability of ${cls}` : `P(${cls}) − P(${versus})`;
    return {
      low: 'blanking it helps',
      high: 'blanking it hurts',
      what: `How much ${measured} ${classic ? 'worsens' : 'drops'} when a 4×4 patch around each pixel is blanked: red pixels carry evidence ${toward}.`,
    };
  }
  const how =
    method === 'gradient'
      ? 'how a little more ink at each pixel changes'
      : method === 'input-x-gradient'
        ? 'each pixel’s ink times the gradient of'
        : 'the gradient, averaged over 16 noisy copies of the drawing, of';
  return {
    low: `pushes ${away}`,
    high: `pushes ${toward}`,
    what: `${how[0]!.toUpperCase()}${how.slice(1)} ${score}${classic ? ' — red lowers the penalty' : ''}.`,
  };
}
