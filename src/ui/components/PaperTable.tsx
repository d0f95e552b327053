import './PaperTable.css';
import { useAppStore } from '../store/index.ts';
import { accuracyOf } from '../../shared/eval/metrics.ts';

/** LeCun et al. 1998, Fig. 9 / §III.C: LeNet-5's MNIST test error rates. */
const PAPER = [
  { setting: 'paper: LeNet-5, no distortions', error: 0.0095 },
  { setting: 'paper: LeNet-5, with distortions (540,000 distorted copies)', error: 0.008 },
];

/** "Paper vs. yours": the paper's test errors beside this lab's classic runs. */
export function PaperTable() {
  const variant = useAppStore((s) => s.model.variant);
  const metrics = useAppStore((s) => s.model.metrics);
  const ev = useAppStore((s) => s.evaluation);
  const result = useAppStore((s) => s.training.result);
  const trainedVariant = useAppStore((s) => s.training.config.variant);
  if (variant !== 'classic') return null;
  const evalAcc = ev.matrix && ev.model.includes('classic') ? accuracyOf(ev.matrix) : null;
  const rows = [
    ...PAPER,
    ...(metrics?.variant === 'classic'
      ? [{ setting: `shipped classic (npm run train${metrics.augment ? ', with distortions' : ''})`, error: 1 - metrics.testAccuracy }]
      : []),
    ...(evalAcc ? [{ setting: `your evaluation: ${ev.model}`, error: 1 - evalAcc.accuracy }] : []),
    ...(result && trainedVariant === 'classic'
      ? [{ setting: `your training run (${result.testCount.toLocaleString('en')} test images)`, error: 1 - result.testAccuracy }]
      : []),
  ];
  return (
    <table className="epochs paper" data-testid="paper-vs-yours" aria-label="Paper vs. yours: MNIST test error">
      <caption>Paper vs. yours — MNIST test error</caption>
      <tbody>
        {rows.map((r) => (
          <tr key={r.setting}>
            <td>{r.setting}</td>
            <td>{(r.error * 100).toFixed(2)} %</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
