import './ConfusionMatrix.css';
import { useAppStore } from '../store/index.ts';
import { CLASSES, rowShare } from '../../shared/eval/metrics.ts';
import { useTranslation } from 'react-i18next';
import { textColorOn } from '../../shared/viz/colormap.ts';

const DIAG = [47, 111, 222] as const;
const OFF = [196, 62, 28] as const;
/** `rgb` at opacity `alpha` over the white panel, as one opaque colour. */
const overWhite = (rgb: readonly number[], alpha: number) =>
  rgb.map((c) => Math.round(255 + (c - 255) * alpha)) as unknown as [number, number, number];

/** 10x10 counts, colored by row share; clicking a cell shows those test images in the gallery. */
export function ConfusionMatrix() {
  const matrix = useAppStore((s) => s.evaluation.matrix);
  const filter = useAppStore((s) => s.evaluation.filter);
  const setFilter = useAppStore((s) => s.evaluation.actions.setFilter);
  const { t } = useTranslation();
  if (!matrix) return null;
  const digits = Array.from({ length: CLASSES }, (_, d) => d);
  return (
    <table className="confusion" data-testid="confusion-matrix" aria-label={t('confusion.label')}>
      <caption>{t('confusion.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">
            <span className="sr-only">{t('confusion.trueDigit')}</span>
          </th>
          {digits.map((p) => (
            <th scope="col" key={p}>
              {p}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {digits.map((tr) => (
          <tr key={tr}>
            <th scope="row">{tr}</th>
            {digits.map((p) => {
              const n = matrix[tr * CLASSES + p]!;
              const share = rowShare(matrix, tr, p);
              const diag = tr === p;
              // Off-diagonal shares are small: a square root makes the rare confusions visible.
              const alpha = diag ? share : Math.min(1, Math.sqrt(share) * 2);
              const selected = filter.trueClass === tr && filter.predicted === p;
              const bg = overWhite(diag ? DIAG : OFF, alpha);
              return (
                <td key={p}>
                  <button
                    type="button"
                    className={`cell ${diag ? 'diag' : 'off'} ${selected ? 'selected' : ''}`}
                    // The count in black or white, whichever reads at 4.5 : 1 on this cell's colour.
                    style={{ backgroundColor: `rgb(${bg.join(' ')})`, color: textColorOn(bg) }}
                    disabled={n === 0}
                    data-true={tr}
                    data-predicted={p}
                    data-count={n}
                    aria-label={t('confusion.cell', { count: n, truth: tr, predicted: p })}
                    onClick={() => setFilter({ trueClass: tr, predicted: p, mistakesOnly: false })}
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
