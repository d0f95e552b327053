import { useAppStore } from '../store/index.ts';
import { workerText } from '../i18n/labels.ts';
import css from './MyDigits.module.css';
import { useFormat } from '../i18n/format.ts';

/** The fine-tune button, its progress and its before → after result. */
export function Finetune() {
  const count = useAppStore((s) => s.mydigits.digits.length);
  const ft = useAppStore((s) => s.mydigits.finetune);
  const start = useAppStore((s) => s.mydigits.actions.startFinetune);
  const trainStatus = useAppStore((s) => s.training.status);
  const modelReady = useAppStore((s) => s.model.status === 'ready');
  const running = ft.status === 'running';
  const { t, f } = useFormat();
  const pct = (x: number | null) => (x === null ? t('finetune.notMeasured') : t('finetune.pct', { pct: f.pct(x, 1) }));
  const trainingBusy = !running && (trainStatus === 'training' || trainStatus === 'loading');
  const reason =
    count === 0 ? t('finetune.needDigit') : !modelReady ? t('finetune.modelLoading') : trainingBusy ? t('finetune.trainingBusy') : null;
  const r = ft.result;
  const training = useAppStore((s) => s.training.actions);
  const send = (verb: 'pause' | 'resume' | 'stop') =>
    verb === 'pause' ? training.pause() : verb === 'stop' ? training.stop() : training.start();

  return (
    <div>
      <div className={css.tools}>
        <button
          type="button"
          data-testid="finetune"
          onClick={start}
          disabled={reason !== null || running}
          aria-describedby="finetune-reason"
        >
          {t('finetune.button', { count })}
        </button>
        {running && (
          <>
            <button type="button" data-testid="finetune-pause" onClick={() => send(trainStatus === 'paused' ? 'resume' : 'pause')}>
              {trainStatus === 'paused' ? t('finetune.resume') : t('finetune.pause')}
            </button>
            <button type="button" data-testid="finetune-stop" onClick={() => send('stop')}>
              {t('finetune.stop')}
            </button>
          </>
        )}
        {reason && (
          <span id="finetune-reason" className={css.muted} data-testid="finetune-reason">
            {reason}
          </span>
        )}
      </div>
      {ft.status !== 'idle' && (
        <div
          data-testid="finetune-result"
          data-status={ft.status}
          {...(r
            ? {
                'data-yours-before': r.yoursBefore === null ? '' : String(r.yoursBefore),
                'data-yours-after': r.yoursAfter === null ? '' : String(r.yoursAfter),
                'data-mnist-before': String(r.mnistBefore),
                'data-mnist-after': String(r.mnistAfter),
              }
            : {})}
          aria-live="polite"
        >
          {running && (
            <p className={css.muted}>
              {ft.progress
                ? t('finetune.progress', {
                    epoch: ft.progress.epoch,
                    epochs: ft.progress.epochs,
                    step: ft.progress.step,
                    steps: ft.progress.steps,
                    loss: f.num(ft.progress.loss, 3),
                  }) + (trainStatus === 'paused' ? ` ${t('finetune.paused')}` : '')
                : t('finetune.measuring')}
            </p>
          )}
          {r && (
            <table className={css.result}>
              <thead>
                <tr>
                  <th />
                  <th>{t('finetune.before')}</th>
                  <th>{t('finetune.after')}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td>{t('finetune.heldBack', { count: r.heldBack })}</td>
                  <td>{pct(r.yoursBefore)}</td>
                  <td>{pct(r.yoursAfter)}</td>
                </tr>
                <tr>
                  <td>{t('finetune.mnist', { images: f.num(r.mnistCount) })}</td>
                  <td>{pct(r.mnistBefore)}</td>
                  <td>{pct(r.mnistAfter)}</td>
                </tr>
              </tbody>
            </table>
          )}
          {r && <p className={css.muted}>{t('finetune.learned', { taught: r.taught, seconds: f.num(r.seconds, 1), epochs: r.epochs })}</p>}
          {ft.message && <p className={ft.status === 'error' ? css.error : css.muted}>{workerText(t, ft.message)}</p>}
        </div>
      )}
    </div>
  );
}
