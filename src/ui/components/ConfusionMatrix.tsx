import './ConfusionMatrix.css';
import { useAppStore } from '../store/index.ts';
import { CLASSES, rowShare } from '../../shared/eval/metrics.ts';

/** 10x10 counts, colored by row share; clicking a cell shows those test images in the gallery. */
export function ConfusionMatrix() {
  const matrix = useAppStore((s) => s.evaluation.matrix);
  const filter = useAppStore((s) => s.evaluation.filter);
  const setFilter = useAppStore((s) => s.evaluation.actions.setFilter);
  if (!matrix) return null;
  const digits = Array.from({ length: CLASSES }, (_, d) => d);
  return (
    <table className="confusion" data-testid="confusion-matrix" aria-label="Confusion matrix: true digit by row, predicted digit by column">
      <caption>true ↓ · predicted →</caption>
      <thead>
        <tr>
          <th scope="col" />
          {digits.map((p) => (
            <th scope="col" key={p}>
              {p}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {digits.map((t) => (
          <tr key={t}>
            <th scope="row">{t}</th>
            {digits.map((p) => {
              const n = matrix[t * CLASSES + p]!;
              const share = rowShare(matrix, t, p);
              const diag = t === p;
              // Off-diagonal shares are small: a square root makes the rare confusions visible.
              const alpha = diag ? share : Math.min(1, Math.sqrt(share) * 2);
              const selected = filter.trueClass === t && filter.predicted === p;
              return (
                <td key={p}>
                  <button
                    type="button"
                    className={`cell ${diag ? 'diag' : 'off'} ${selected ? 'selected' : ''}`}
                    style={{ backgroundColor: diag ? `rgba(47, 111, 222, ${alpha})` : `rgba(196, 62, 28, ${alpha})` }}
                    disabled={n === 0}
                    data-true={t}
                    data-predicted={p}
                    data-count={n}
                    aria-label={`${n} images of ${t} predicted as ${p}`}
                    onClick={() => setFilter({ trueClass: t, predicted: p, mistakesOnly: false })}
                  >
                    {n || ''}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
