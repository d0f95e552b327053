import { useAppStore } from '../../store/index.ts';
import { fmt, mmss } from './format.ts';
import { Trans } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';

/** Loss and accuracy per finished epoch, and the run's test result. */
export function EpochTable() {
  const epochs = useAppStore((s) => s.training.epochs);
  const result = useAppStore((s) => s.training.result);
  const { t, f } = useFormat();
  return (
    <>
      {epochs.length > 0 && (
        // The wrapper scrolls sideways when the table is wider than its panel (a phone, long headers).
        <div className="epochs-wrap">
          <table className="epochs" data-testid="epoch-table" aria-label={t('epochs.label')}>
            <thead>
              <tr>
                <th>{t('epochs.epoch')}</th>
                <th>{t('epochs.loss')}</th>
                <th>{t('epochs.accuracy')}</th>
                <th>{t('epochs.valLoss')}</th>
                <th>{t('epochs.valAccuracy')}</th>
                <th>{t('epochs.seconds')}</th>
              </tr>
            </thead>
            <tbody>
              {epochs.map((r) => (
                <tr key={r.epoch}>
                  <td>{r.epoch}</td>
                  <td>{fmt(r.loss)}</td>
                  <td>{t('epochs.pct', { pct: f.pct(r.accuracy, 2) })}</td>
                  <td>{fmt(r.valLoss)}</td>
                  <td>{t('epochs.pct', { pct: f.pct(r.valAccuracy, 2) })}</td>
                  <td>{f.num(r.seconds, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result && (
        <p className="result" data-testid="train-result" data-test-accuracy={result.testAccuracy.toFixed(4)}>
          <Trans
            i18nKey="epochs.result"
            count={result.epochs}
            values={{
              pct: f.pct(result.testAccuracy, 2),
              images: f.num(result.testCount),
              time: mmss(result.seconds),
            }}
            components={{ b: <strong /> }}
          />
        </p>
      )}
    </>
  );
}
