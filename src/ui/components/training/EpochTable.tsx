import { useAppStore } from '../../store/index.ts';
import { fmt, mmss } from './format.ts';

/** Loss and accuracy per finished epoch, and the run's test result. */
export function EpochTable() {
  const epochs = useAppStore((s) => s.training.epochs);
  const result = useAppStore((s) => s.training.result);
  return (
    <>
      {epochs.length > 0 && (
        <table className="epochs" data-testid="epoch-table" aria-label="Loss and accuracy per epoch">
          <thead>
            <tr>
              <th>epoch</th>
              <th>loss</th>
              <th>accuracy</th>
              <th>val loss</th>
              <th>val accuracy</th>
              <th>s</th>
            </tr>
          </thead>
          <tbody>
            {epochs.map((r) => (
              <tr key={r.epoch}>
                <td>{r.epoch}</td>
                <td>{fmt(r.loss)}</td>
                <td>{(r.accuracy * 100).toFixed(2)} %</td>
                <td>{fmt(r.valLoss)}</td>
                <td>{(r.valAccuracy * 100).toFixed(2)} %</td>
                <td>{r.seconds.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result && (
        <p className="result" data-testid="train-result" data-test-accuracy={result.testAccuracy.toFixed(4)}>
          Test accuracy: <strong>{(result.testAccuracy * 100).toFixed(2)} %</strong> on {result.testCount.toLocaleString('en')} test images
          · {result.epochs} epochs in {mmss(result.seconds)}
        </p>
      )}
    </>
  );
}
