import { useAppStore } from '../../store/index.ts';
import { useFormat } from '../../i18n/format.ts';
import { selectRunBusy } from '../../store/selectors.ts';
import type { BackendRate, ProbeResult } from '../../../shared/tf/probe.ts';

/** Why a rate is missing, in a few words: skipped as software, not available, or the only one that started. */
function missingKey(r: BackendRate, probe: ProbeResult): string {
  if (r.code === 'software' || r.code === 'softwareWebgpu') return 'rates.software';
  if (r.code === 'unavailable' || r.code === 'noWebgpu') return 'rates.unavailable';
  if (r.name === probe.choice && probe.rates.every((x) => x.imagesPerSec === null)) return 'rates.only';
  return 'rates.notTimed';
}

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
  const { t, f } = useFormat();
  return (
    <p className="backend-rates muted" data-testid="backend-rates" data-choice={probe?.choice ?? ''} data-probing={probing}>
      {probing ? (
        t('rates.measuring')
      ) : probe ? (
        <>
          {t('rates.measured', { batch: probe.batchSize })}{' '}
          {probe.rates.map((r, i) => (
            <span
              key={r.name}
              data-testid={`backend-rate-${r.name}`}
              data-rate={r.imagesPerSec === null ? '' : Math.round(r.imagesPerSec)}
              // Why a backend was not timed, as the worker said it (English): on hover.
              title={r.note}
            >
              {i > 0 && ' · '}
              {r.name} {r.imagesPerSec === null ? `— ${t(missingKey(r, probe))}` : t('rates.rate', { rate: f.num(r.imagesPerSec, 0) })}
              {r.name === probe.choice && ' ✓'}
            </span>
          ))}
          {pref !== 'auto' && ` ${t('rates.override', { pref, choice: probe.choice })}`}
        </>
      ) : pref === 'auto' ? (
        t('rates.first')
      ) : (
        t('rates.chosen', { pref })
      )}{' '}
      {pref === 'auto' && (
        <button type="button" onClick={measure} disabled={busy || probing} data-testid="backend-measure">
          {probe ? t('rates.again') : t('rates.now')}
        </button>
      )}
    </p>
  );
}
