/**
 * Checks an imported tfjs layers model (`model.json` + weights) as plain data before anything is
 * built from it: size limits, JSON shape, and that the weights file holds exactly the bytes the
 * manifest describes. Nothing in the file is ever evaluated.
 */

/** Largest model.json accepted (the real one is ~4 KB). */
export const MAX_MODEL_JSON_BYTES = 1_000_000;
/** Largest weights file accepted (LeNet-5's is ~247 KB). */
export const MAX_WEIGHTS_BYTES = 5_000_000;

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
}

export interface CheckedModelJson {
  readonly modelTopology: object;
  readonly weightSpecs: readonly WeightSpec[];
  readonly weightBytes: number;
  readonly userDefinedMetadata?: Record<string, unknown>;
}

export class ImportError extends Error {
  override name = 'ImportError';
}

/** Parses and checks `model.json` text; returns its weight specs and expected weight bytes. */
export function checkModelJson(text: string, sizeBytes: number): CheckedModelJson {
  if (sizeBytes > MAX_MODEL_JSON_BYTES) {
    throw new ImportError(
      `model.json is ${(sizeBytes / 1e6).toFixed(1)} MB; a LeNet-5 model.json is a few KB (limit ${MAX_MODEL_JSON_BYTES / 1e6} MB)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImportError('model.json is not valid JSON');
  }
  if (typeof json !== 'object' || json === null) throw new ImportError('model.json is not a JSON object');
  const j = json as Record<string, unknown>;
  if (typeof j['modelTopology'] !== 'object' || j['modelTopology'] === null) {
    throw new ImportError('model.json is not a TensorFlow.js layers model (no "modelTopology")');
  }
  if (j['format'] !== undefined && j['format'] !== 'layers-model') {
    throw new ImportError(`model.json has format "${String(j['format'])}", expected "layers-model"`);
  }
  const manifest = j['weightsManifest'];
  if (!Array.isArray(manifest) || manifest.length === 0) throw new ImportError('model.json has no "weightsManifest"');
  const specs: WeightSpec[] = [];
  for (const group of manifest as unknown[]) {
    const weights = (group as { weights?: unknown }).weights;
    if (!Array.isArray(weights)) throw new ImportError('model.json has a weights group without "weights"');
    for (const w of weights as unknown[]) {
      const s = w as Partial<WeightSpec>;
      if (
        typeof s.name !== 'string' ||
        !Array.isArray(s.shape) ||
        !s.shape.every((d) => Number.isInteger(d) && d > 0) ||
        typeof s.dtype !== 'string' ||
        !(s.dtype in DTYPE_BYTES)
      ) {
        throw new ImportError(`model.json has a malformed weight entry: ${JSON.stringify(w).slice(0, 120)}`);
      }
      specs.push({ name: s.name, shape: s.shape, dtype: s.dtype });
    }
  }
  const weightBytes = specs.reduce((a, s) => a + s.shape.reduce((p, d) => p * d, 1) * DTYPE_BYTES[s.dtype]!, 0);
  const meta = j['userDefinedMetadata'];
  return {
    modelTopology: j['modelTopology'] as object,
    weightSpecs: specs,
    weightBytes,
    ...(typeof meta === 'object' && meta !== null ? { userDefinedMetadata: meta as Record<string, unknown> } : {}),
  };
}

/** Checks the weights file's size against what model.json describes. */
export function checkWeights(checked: CheckedModelJson, weightsBytes: number): void {
  if (weightsBytes > MAX_WEIGHTS_BYTES) {
    throw new ImportError(
      `the weights file is ${(weightsBytes / 1e6).toFixed(1)} MB; LeNet-5's is about 0.25 MB (limit ${MAX_WEIGHTS_BYTES / 1e6} MB)`,
    );
  }
  if (weightsBytes !== checked.weightBytes) {
    throw new ImportError(
      `the weights file has ${weightsBytes} bytes but model.json describes ${checked.weightBytes}: wrong or damaged weights`,
    );
  }
}
