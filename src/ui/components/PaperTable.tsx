import './PaperTable.css';
import { useAppStore } from '../store/index.ts';
import { accuracyOf } from '../../shared/eval/metrics.ts';
import { useFormat } from '../i18n/format.ts';
import { modelLabel } from '../i18n/labels.ts';

/** LeCun et al. 1998, Fig. 9 / §III.C: LeNet-5's MNIST test error rates. */
const PAPER = [
  { setting: 'paper.noDistortions', error: 0.0095 },
  { setting: 'paper.distortions', error: 0.008 },
] as const;

/** "Paper vs. yours": the paper's test errors beside this lab's classic runs. */
export function PaperTable() {
  const variant = useAppStore((s) => s.model.variant);
  const metrics = useAppStore((s) => s.model.metrics);
  const ev = useAppStore((s) => s.evaluation);
  const result = useAppStore((s) => s.training.result);
  const trainedVariant = useAppStore((s) => s.training.config.variant);
  const { t, f } = useFormat();
  if (variant !== 'classic') return null;
  // The paper's figures are MNIST test errors: an evaluation on your digits is not one of them.
  const evalAcc = ev.matrix && ev.variant === 'classic' && ev.on === 'mnist' ? accuracyOf(ev.matrix) : null;
  const rows = [
    ...PAPER.map((r) => ({ setting: t(r.setting), error: r.error })),
    ...(metrics?.variant === 'classic'
      ? [{ setting: t(metrics.augment ? 'paper.shippedAugment' : 'paper.shipped'), error: 1 - metrics.testAccuracy }]
      : []),
    ...(evalAcc ? [{ setting: t('paper.evaluation', { model: modelLabel(t, ev.model) }), error: 1 - evalAcc.accuracy }] : []),
    ...(result && trainedVariant === 'classic'
      ? [{ setting: t('paper.run', { images: f.num(result.testCount) }), error: 1 - result.testAccuracy }]
      : []),
  ];
  return (
    <table className="epochs paper" data-testid="paper-vs-yours" aria-label={t('paper.label')}>
      <caption>{t('paper.caption')}</caption>
      <tbody>
        {rows.map((r) => (
          <tr key={r.setting}>
            <td>{r.setting}</td>
            <td>{t('paper.pct', { pct: f.pct(r.error, 2) })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
