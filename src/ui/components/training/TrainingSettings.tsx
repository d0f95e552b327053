import { useAppStore } from '../../store/index.ts';
import { selectRunBusy } from '../../store/selectors.ts';
import { Choice } from './Choice.tsx';
import { BackendRates } from './BackendRates.tsx';
import { MAX_WORKERS, type OptimizerName, type TrainBackendPref, type TrainConfig } from '../../../shared/protocol.ts';

/** The next run's hyperparameters and the training backend; locked while a run holds the model. */
export function TrainingSettings() {
  const config = useAppStore((s) => s.training.config);
  const backendPref = useAppStore((s) => s.training.backendPref);
  const actions = useAppStore((s) => s.training.actions);
  const locked = useAppStore(selectRunBusy);
  const lockReason = locked ? 'Applies to the next run: stop or reset first' : undefined;
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
  return (
    <>
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
        <label title="Each worker computes the gradients of its share of every batch; they are averaged into one step. Used on wasm and cpu (a GPU backend trains with one).">
          Workers (cores)
          <input
            type="number"
            data-testid="train-workers"
            value={String(config.workers)}
            min={1}
            max={MAX_WORKERS}
            step={1}
            disabled={locked}
            onChange={(e) => {
              const v = Math.round(Number(e.target.value));
              if (Number.isFinite(v)) actions.setConfig({ workers: Math.max(1, Math.min(MAX_WORKERS, v)) });
            }}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={config.augment} onChange={(e) => actions.setConfig({ augment: e.target.checked })} />
          Random distortions (shift, scale, shear)
        </label>
        <Choice<TrainBackendPref>
          label="Backend"
          value={backendPref}
          options={[
            ['auto', 'auto (the fastest measured here)'],
            ['webgpu', 'WebGPU'],
            ['webgl', 'WebGL'],
            ['wasm', 'wasm'],
            ['cpu', 'cpu'],
          ]}
          onChange={actions.setBackendPref}
          testId="train-backend"
        />
      </fieldset>
      <BackendRates />
      <p className="muted optimizer-note">
        Optimizer: {config.optimizer === 'adam' ? 'Adam' : config.optimizer === 'sgd' ? 'SGD with momentum 0.9' : 'RMSprop'}
        {config.schedule === 'paper' &&
          ` with the paper's rates (0.0005, 0.0002, 0.0001, 0.00005, 0.00001 over passes 1–2, 3–5, 6–8, 9–12, 13+), scaled by learning rate ÷ 0.0005`}
        . The paper used stochastic diagonal Levenberg–Marquardt; a modern optimizer stands in for it here.
      </p>
    </>
  );
}
