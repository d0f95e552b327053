import { useAppStore } from '../../store/index.ts';
import { selectRunBusy } from '../../store/selectors.ts';
import { Choice } from './Choice.tsx';
import { BackendRates } from './BackendRates.tsx';
import { MAX_WORKERS, type OptimizerName, type TrainBackendPref, type TrainConfig } from '../../../shared/protocol.ts';
import { useTranslation } from 'react-i18next';

/** The next run's hyperparameters and the training backend; locked while a run holds the model. */
export function TrainingSettings() {
  const config = useAppStore((s) => s.training.config);
  const backendPref = useAppStore((s) => s.training.backendPref);
  const actions = useAppStore((s) => s.training.actions);
  const locked = useAppStore(selectRunBusy);
  const { t } = useTranslation();
  const lockReason = locked ? t('settings.lockReason') : undefined;
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
        <legend>{t('settings.legend')}</legend>
        <label>
          {t('settings.network')}
          <output>{t('settings.networkValue', { variant: t(`variant.short.${config.variant}`) })}</output>
        </label>
        <Choice
          label={t('settings.init')}
          value={config.init}
          options={[
            ['fresh', t('settings.initFresh')],
            ['continue', t('settings.initContinue')],
          ]}
          onChange={(init) => actions.setConfig({ init })}
          testId="train-init"
          title={t('settings.initTitle')}
        />
        {config.variant === 'classic' && (
          <Choice
            label={t('settings.loss')}
            value={config.classicLoss}
            options={[
              ['map', t('settings.lossMap')],
              ['mse', t('settings.lossMse')],
            ]}
            onChange={(classicLoss) => actions.setConfig({ classicLoss })}
            testId="classic-loss"
          />
        )}
        <Choice
          label={t('settings.schedule')}
          value={config.schedule}
          options={[
            ['decay', t('settings.scheduleDecay')],
            ['paper', t('settings.schedulePaper')],
          ]}
          onChange={(schedule) => actions.setConfig({ schedule })}
          testId="schedule"
        />
        <Choice<OptimizerName>
          label={t('settings.optimizer')}
          value={config.optimizer}
          options={[
            ['adam', t('settings.optAdam')],
            ['sgd', t('settings.optSgd')],
            ['rmsprop', t('settings.optRmsprop')],
          ]}
          onChange={(optimizer) => actions.setConfig({ optimizer })}
        />
        {num('epochs', t('settings.epochs'), { min: 1, max: 50, step: 1 })}
        {num('batchSize', t('settings.batchSize'), { min: 8, max: 1024, step: 8 })}
        {num('learningRate', t('settings.learningRate'), { min: 0.00001, max: 10, step: 0.0001 })}
        {num('learningRateDecay', t('settings.decay'), { min: 0.1, max: 1, step: 0.05 })}
        {num('validationSplit', t('settings.validation'), { min: 0.05, max: 0.5, step: 0.05 })}
        {num('patience', t('settings.patience'), { min: 0, max: 20, step: 1 })}
        {num('seed', t('settings.seed'), { min: 0, step: 1 })}
        {num('limit', t('settings.limit'), { min: 0, max: 48000, step: 500 })}
        <label title={t('settings.workersHint')}>
          {t('settings.workers')}
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
          {t('settings.augment')}
        </label>
        <Choice<TrainBackendPref>
          label={t('settings.backend')}
          value={backendPref}
          options={[
            ['auto', t('settings.backendAuto')],
            ['webgpu', 'WebGPU'],
            ['webgl', 'WebGL'],
            ['wasm', 'wasm'],
            ['cpu', 'cpu'],
          ]}
          onChange={actions.setBackendPref}
          testId="train-backend"
          className="wide"
        />
      </fieldset>
      <BackendRates />
      <p className="muted optimizer-note">
        {t(config.optimizer === 'adam' ? 'settings.noteAdam' : config.optimizer === 'sgd' ? 'settings.noteSgd' : 'settings.noteRmsprop')}
        {config.schedule === 'paper' && t('settings.notePaper')}
        {t('settings.noteEnd')}
      </p>
    </>
  );
}
