/**
 * Names the store keeps as English text, said in the page's language: a model's label
 * ("shipped modern", "imported classic (model)"), built by `inference/sources.ts` and kept in the
 * evaluation history (with " on your digits" when evaluated on them). A label of another shape is shown as it is.
 */
import type { TFunction } from 'i18next';
import type { SkippedBackend } from '../../shared/tf/backends.ts';
import { SIGN_HUES, type Palette } from '../../shared/viz/colormap.ts';

const LABEL = /^(shipped|your trained|your saved|imported) (modern|classic)(?: \((.*)\))?$/;
const KIND = { shipped: 'shipped', 'your trained': 'trained', 'your saved': 'saved', imported: 'imported' } as const;

const MINE = ' on your digits';

/** "shipped modern" → "기본 제공 현대식" (Korean); unknown shapes come back unchanged. */
export function modelLabel(t: TFunction, label: string): string {
  if (label.endsWith(MINE)) return t('modelLabel.onYourDigits', { model: modelLabel(t, label.slice(0, -MINE.length)) });
  const m = LABEL.exec(label);
  if (!m) return label;
  const kind = KIND[m[1] as keyof typeof KIND];
  const variant = t(`variant.short.${m[2] as 'modern' | 'classic'}`);
  return m[3] === undefined ? t(`modelLabel.${kind}`, { variant }) : t('modelLabel.importedNamed', { variant, name: m[3] });
}

/** Why a tfjs backend was skipped, in the page's language where the reason is a known one (else as the worker said it). */
export function skippedReason(t: TFunction, s: SkippedBackend): string {
  return s.code ? t(`backendSkip.${s.code}`, { detail: s.detail ?? '' }) : s.reason;
}

/** The colours a palette gives to negative and positive values, named in the page's language. */
export function hueNames(t: TFunction, palette: Palette): { negative: string; positive: string } {
  const h = SIGN_HUES[palette];
  return { negative: t(`hue.${h.negative as Hue}`), positive: t(`hue.${h.positive as Hue}`) };
}
type Hue = 'blue' | 'red' | 'orange';

type Params = Record<string, string>;
const detail = (m: RegExpExecArray): Params => ({ detail: m[1] ?? '' });
/**
 * The sentences the workers write (they have no catalogue), matched and said in the page's
 * language; a technical detail inside them (a file name, a library's error) stays as it is.
 */
const WORKER_TEXT: ReadonlyArray<readonly [RegExp, string, (m: RegExpExecArray) => Params]> = [
  [
    /^The loss diverged \(NaN, infinite or stuck far above chance\) in epoch (\d+), near batch (\d+): the learning rate \(([^)]+)\) is too high for this run\. Try a lower one \(e\.g\. ([^)]+)\)\. The last good weights are kept\.$/,
    'workerText.diverged',
    (m) => ({ epoch: m[1]!, batch: m[2]!, lr: m[3]!, lower: m[4]! }),
  ],
  [/^Training data could not load: ([\s\S]*)$/, 'workerText.data', detail],
  [/^Fine-tuning was stopped; the model in use is unchanged\.$/, 'workerText.finetuneStopped', () => ({})],
  [/^Training is running: fine-tune when it has ended\.$/, 'workerText.finetuneBusy', () => ({})],
  [/^Fine-tuning failed: ([\s\S]*)$/, 'workerText.finetuneFailed', detail],
  [/^Evaluation failed: ([\s\S]*)$/, 'workerText.evalFailed', detail],
  [/^could not take over the lab's model: ([\s\S]*)$/, 'workerText.takeOver', detail],
  [/^the backend probe failed: ([\s\S]*)$/, 'workerText.probeFailed', detail],
];

/** A worker's message in the page's language where it is one of the known sentences (else as it came). */
export function workerText(t: TFunction, text: string): string {
  for (const [re, key, params] of WORKER_TEXT) {
    const m = re.exec(text);
    if (m) return t(key as 'workerText.data', params(m));
  }
  return text;
}
