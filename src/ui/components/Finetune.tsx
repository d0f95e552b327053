import { useAppStore } from '../store/index.ts';
import css from './MyDigits.module.css';

const pct = (x: number | null) => (x === null ? 'not measured' : `${(x * 100).toFixed(1)} %`);

/** The fine-tune button, its progress and its before → after result. */
export function Finetune() {
  const count = useAppStore((s) => s.mydigits.digits.length);
  const ft = useAppStore((s) => s.mydigits.finetune);
  const start = useAppStore((s) => s.mydigits.actions.startFinetune);
  const trainStatus = useAppStore((s) => s.training.status);
  const modelReady = useAppStore((s) => s.model.status === 'ready');
  const running = ft.status === 'running';
  const trainingBusy = !running && (trainStatus === 'training' || trainStatus === 'loading');
  const reason =
    count === 0
      ? 'Teach it at least one digit first.'
      : !modelReady
        ? 'The model is still loading.'
        : trainingBusy
          ? 'Training is running; fine-tune when it ends.'
          : null;
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
          Fine-tune on your {count} digit{count === 1 ? '' : 's'}
        </button>
        {running && (
          <>
            <button type="button" data-testid="finetune-pause" onClick={() => send(trainStatus === 'paused' ? 'resume' : 'pause')}>
              {trainStatus === 'paused' ? 'Resume' : 'Pause'}
            </button>
            <button type="button" data-testid="finetune-stop" onClick={() => send('stop')}>
              Stop
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
                ? `Fine-tuning: pass ${ft.progress.epoch} of at most ${ft.progress.epochs}, step ${ft.progress.step}/${ft.progress.steps}, loss ${ft.progress.loss.toFixed(3)}${trainStatus === 'paused' ? ' (paused)' : ''}`
                : 'Fine-tuning: measuring the model before…'}
            </p>
          )}
          {r && (
            <table className={css.result}>
              <thead>
                <tr>
                  <th />
                  <th>before</th>
                  <th>after</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td>your held-back digits ({r.heldBack})</td>
                  <td>{pct(r.yoursBefore)}</td>
                  <td>{pct(r.yoursAfter)}</td>
                </tr>
                <tr>
                  <td>MNIST test ({r.mnistCount.toLocaleString('en')})</td>
                  <td>{pct(r.mnistBefore)}</td>
                  <td>{pct(r.mnistAfter)}</td>
                </tr>
              </tbody>
            </table>
          )}
          {r && (
            <p className={css.muted}>
              Learned from {r.taught} of your digits in {r.seconds.toFixed(1)} s ({r.epochs} passes); it is now the model in use, saved in
              this browser.
            </p>
          )}
          {ft.message && <p className={ft.status === 'error' ? css.error : css.muted}>{ft.message}</p>}
        </div>
      )}
    </div>
  );
}
