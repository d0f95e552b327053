import { useAppStore } from '../store/index.ts';
import { runtime } from '../runtime.ts';
import { EpochChart } from './EpochChart.tsx';
import type { OptimizerName, ToWorker, TrainBackendPref, TrainConfig } from '../../shared/protocol.ts';

const fmt = (n: number | undefined, digits = 4) => (n === undefined || !Number.isFinite(n) ? '' : n.toFixed(digits));
const mmss = (s: number) => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;

/** A labelled `<select>` over a closed set of string values. */
function Choice<T extends string>(props: {
  label: string;
  value: T;
  options: ReadonlyArray<readonly [T, string]>;
  onChange: (v: T) => void;
  testId?: string;
  title?: string;
}) {
  return (
    <label>
      {props.label}
      <select
        value={props.value}
        onChange={(e) => props.onChange(props.options.find(([v]) => v === e.target.value)?.[0] ?? props.value)}
        data-testid={props.testId}
        title={props.title}
      >
        {props.options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Training controls, hyperparameters and live readouts. Commands go to the worker via the client. */
export function TrainingPanel() {
  const t = useAppStore((s) => s.training);
  const { actions, status, config, progress, data } = t;
  const running = status === 'training';
  const inRun = running || status === 'paused';
  const busy = running || status === 'loading';
  const locked = inRun || status === 'loading';
  const lockReason = locked ? 'Applies to the next run: stop or reset first' : undefined;
  // Looked up at click time: the client is created in the App's effect, after the first render.
  const send = (msg: ToWorker) => runtime.training?.send(msg);

  const start = () => {
    if (status === 'paused') return send({ type: 'resume' });
    actions.newRun();
    send({ type: 'start', config });
  };
  const num = (key: keyof TrainConfig, label: string, props: { min: number; max?: number; step: number }) => (
    <label>
      {label}
      <input
        type="number"
        value={String(config[key])}
        disabled={locked}
        title={lockReason}
        {...props}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v)) actions.setConfig({ [key]: v } as Partial<TrainConfig>);
        }}
      />
    </label>
  );
  const epochPct = progress ? ((progress.epoch - 1 + progress.batch / progress.batches) / progress.epochs) * 100 : 0;
  const dataPct = data.total ? (data.loaded / data.total) * 100 : 0;
  const last = t.epochs[t.epochs.length - 1];

  return (
    <section className="panel training-panel" aria-labelledby="train-title">
      <h2 id="train-title">Train it yourself</h2>
      <p className="hint wide">
        LeNet-5 learns MNIST in a Web Worker: the page stays smooth and your drawing is re-read with the newest weights as it learns. Start
        learns from fresh random weights (or fine-tunes the model in use, if you choose so below); Stop keeps what it learned.
      </p>
      <div className="row wrap">
        <button type="button" data-testid="train-start" onClick={start} disabled={busy || t.crashed}>
          {status === 'paused' ? 'Resume' : 'Start'}
        </button>
        <button type="button" data-testid="train-pause" onClick={() => send({ type: 'pause' })} disabled={!running}>
          Pause
        </button>
        <button type="button" data-testid="train-stop" onClick={() => send({ type: 'stop' })} disabled={!inRun && status !== 'loading'}>
          {status === 'loading' ? 'Cancel' : 'Stop'}
        </button>
        <button type="button" data-testid="train-step" onClick={() => send({ type: 'step', config })} disabled={busy || t.crashed}>
          Step one batch
        </button>
        <button
          type="button"
          data-testid="train-reset"
          onClick={() => {
            actions.newRun();
            send({ type: 'reset' });
          }}
          disabled={busy}
          title="Drop the run's weights and chart; the next run starts from fresh random weights"
        >
          Reset
        </button>
      </div>

      <fieldset className="hyper" disabled={locked}>
        <legend>Settings</legend>
        <label>
          Network
          <output>{config.variant} — switch it at the top</output>
        </label>
        <Choice
          label="Start from"
          value={config.init}
          options={[
            ['fresh', 'random weights'],
            ['continue', 'model in use'],
          ]}
          onChange={(init) => actions.setConfig({ init })}
          testId="train-init"
          title="Random weights: learn from scratch. Model in use: fine-tune the model the lab is using now."
        />
        {config.variant === 'classic' && (
          <Choice
            label="Loss"
            value={config.classicLoss}
            options={[
              ['map', 'MAP criterion (paper)'],
              ['mse', 'mean squared (simple)'],
            ]}
            onChange={(classicLoss) => actions.setConfig({ classicLoss })}
            testId="classic-loss"
          />
        )}
        <Choice
          label="LR schedule"
          value={config.schedule}
          options={[
            ['decay', '× decay per epoch'],
            ['paper', "the paper's per-pass rates"],
          ]}
          onChange={(schedule) => actions.setConfig({ schedule })}
          testId="schedule"
        />
        <Choice<OptimizerName>
          label="Optimizer"
          value={config.optimizer}
          options={[
            ['adam', 'Adam'],
            ['sgd', 'SGD + momentum 0.9'],
            ['rmsprop', 'RMSprop'],
          ]}
          onChange={(optimizer) => actions.setConfig({ optimizer })}
        />
        {num('epochs', 'Epochs', { min: 1, max: 50, step: 1 })}
        {num('batchSize', 'Batch size', { min: 8, max: 1024, step: 8 })}
        {num('learningRate', 'Learning rate', { min: 0.00001, max: 10, step: 0.0001 })}
        {num('learningRateDecay', 'LR decay / epoch', { min: 0.1, max: 1, step: 0.05 })}
        {num('validationSplit', 'Validation split', { min: 0.05, max: 0.5, step: 0.05 })}
        {num('patience', 'Early-stop patience', { min: 0, max: 20, step: 1 })}
        {num('seed', 'Seed', { min: 0, step: 1 })}
        {num('limit', 'Train images (0 = all)', { min: 0, max: 48000, step: 500 })}
        <label className="check">
          <input type="checkbox" checked={config.augment} onChange={(e) => actions.setConfig({ augment: e.target.checked })} />
          Random distortions (shift, scale, shear)
        </label>
        <Choice<TrainBackendPref>
          label="Backend"
          value={t.backendPref}
          options={[
            ['auto', 'auto (WebGL, else wasm, else cpu)'],
            ['webgl', 'WebGL'],
            ['wasm', 'wasm'],
            ['cpu', 'cpu'],
          ]}
          onChange={(pref) => {
            actions.setBackendPref(pref);
            runtime.training?.restart();
          }}
          testId="train-backend"
        />
      </fieldset>

      <p className="muted optimizer-note">
        Optimizer: {config.optimizer === 'adam' ? 'Adam' : config.optimizer === 'sgd' ? 'SGD with momentum 0.9' : 'RMSprop'}
        {config.schedule === 'paper' &&
          ` with the paper's rates (0.0005, 0.0002, 0.0001, 0.00005, 0.00001 over passes 1–2, 3–5, 6–8, 9–12, 13+), scaled by learning rate ÷ 0.0005`}
        . The paper used stochastic diagonal Levenberg–Marquardt; a modern optimizer stands in for it here.
      </p>
      <p className="backend-line" data-testid="backend" data-backend={t.backend?.name ?? ''}>
        Training backend: <span className="backend">{t.backend?.name ?? '…'}</span>
        {t.backend && t.backend.skipped.length > 0 && (
          <span className="muted"> — fell back because {t.backend.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}</span>
        )}
      </p>

      {(status === 'loading' || (data.total > 0 && data.ms === null)) && (
        <div className="progress-line">
          <progress max={100} value={dataPct} aria-label="MNIST download" />
          <span>
            MNIST {(data.loaded / 1e6).toFixed(1)} / {(data.total / 1e6).toFixed(1)} MB {data.file && `· ${data.file}`}
          </span>
        </div>
      )}

      <div
        className="train-progress"
        data-testid="train-progress"
        data-status={status === 'ready' ? (t.epochs.length || progress ? 'done' : 'idle') : status}
        data-epoch={progress?.epoch ?? 0}
        data-images-seen={progress?.imagesSeen ?? 0}
        data-loss={fmt(progress?.loss)}
        data-val-accuracy={fmt(last?.valAccuracy)}
        data-images-per-sec={progress ? progress.imagesPerSec.toFixed(0) : ''}
      >
        <progress max={100} value={epochPct} aria-label="Training progress" />
        <span>
          {progress
            ? `epoch ${progress.epoch}/${progress.epochs} · batch ${progress.batch}/${progress.batches} · ${progress.imagesPerSec.toFixed(0)} img/s · ETA ${mmss(progress.etaSec)}`
            : status === 'loading'
              ? 'loading MNIST…'
              : 'not started'}
        </span>
        {progress && (
          <span>
            recent loss {fmt(progress.loss)} · running accuracy {(progress.accuracy * 100).toFixed(1)} %
          </span>
        )}
        <span className="state">status: {status}</span>
      </div>

      {t.message && (
        <div className="error-box" role="alert" data-testid="train-error">
          {t.message}{' '}
          {t.crashed && (
            <button type="button" onClick={() => runtime.training?.restart()} data-testid="worker-restart">
              Restart worker
            </button>
          )}
          {!t.crashed && status === 'error' && <span>Fix the setting and press Start again.</span>}
        </div>
      )}

      <EpochChart />
      {t.epochs.length > 0 && (
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
            {t.epochs.map((r) => (
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
      {t.result && (
        <p className="result" data-testid="train-result" data-test-accuracy={t.result.testAccuracy.toFixed(4)}>
          Test accuracy: <strong>{(t.result.testAccuracy * 100).toFixed(2)} %</strong> on {t.result.testCount.toLocaleString('en')} test
          images · {t.result.epochs} epochs in {mmss(t.result.seconds)}
        </p>
      )}
    </section>
  );
}
