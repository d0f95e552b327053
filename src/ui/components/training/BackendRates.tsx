import { useAppStore } from '../../store/index.ts';
import { selectRunBusy } from '../../store/selectors.ts';

/**
 * The backend probe's measured rates and its choice on this device, and "Measure again". With a
 * backend chosen by hand the measurement is shown, but the user's choice trains.
 */
export function BackendRates() {
  const probe = useAppStore((s) => s.training.probe);
  const probing = useAppStore((s) => s.training.probing);
  const pref = useAppStore((s) => s.training.backendPref);
  const busy = useAppStore((s) => selectRunBusy(s) || s.evaluation.status === 'running');
  const measure = useAppStore((s) => s.training.actions.measureBackends);
  return (
    <p className="backend-rates muted" data-testid="backend-rates" data-choice={probe?.choice ?? ''} data-probing={probing}>
      {probing ? (
        'Measuring each backend on a short burst of training…'
      ) : probe ? (
        <>
          Measured here (batch {probe.batchSize}):{' '}
          {probe.rates.map((r, i) => (
            <span key={r.name} data-testid={`backend-rate-${r.name}`} data-rate={r.imagesPerSec === null ? '' : Math.round(r.imagesPerSec)}>
              {i > 0 && ' · '}
              {r.name} {r.imagesPerSec === null ? `— ${r.note ?? 'not timed'}` : `${Math.round(r.imagesPerSec).toLocaleString('en')} img/s`}
              {r.name === probe.choice && ' ✓'}
            </span>
          ))}
          {pref !== 'auto' && ` (your choice, ${pref}, overrides the measured ${probe.choice})`}
        </>
      ) : pref === 'auto' ? (
        'The first Start times each backend here and trains on the fastest.'
      ) : (
        `Training on ${pref}, as chosen.`
      )}{' '}
      {pref === 'auto' && (
        <button type="button" onClick={measure} disabled={busy || probing} data-testid="backend-measure">
          {probe ? 'Measure again' : 'Measure now'}
        </button>
      )}
    </p>
  );
}
