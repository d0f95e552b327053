/**
 * Exporting your digits to files without holding the page: the IDX files in one go (~1 KB per
 * digit), the strokes JSON built in chunks with a yield to the event loop between them.
 */
import { EXPORT_NAMES, exportIdx, strokesEntry, strokesJson } from '../../shared/mydigits/transfer.ts';
import type { MyDigit } from '../../shared/mydigits/sample.ts';
import { nextTask } from '../frame.ts';

const CHUNK = 25;
/** `performance.measure` name of each slice of an export's main-thread work. */
export const MEASURE_EXPORT = 'lenet:my-digits-export';

function clickDownload(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads the images and labels IDX files and the strokes JSON of `digits`. */
export async function downloadDigits(digits: readonly MyDigit[]): Promise<void> {
  let t0 = performance.now();
  const { images, labels } = exportIdx(digits);
  const entries: string[] = [];
  for (let i = 0; i < digits.length; i += CHUNK) {
    for (const d of digits.slice(i, i + CHUNK)) entries.push(JSON.stringify(strokesEntry(d)));
    performance.measure(MEASURE_EXPORT, { start: t0 });
    await nextTask();
    t0 = performance.now();
  }
  const bin = (b: Uint8Array) => new Blob([b.slice().buffer], { type: 'application/octet-stream' });
  clickDownload(bin(images), EXPORT_NAMES.images);
  clickDownload(bin(labels), EXPORT_NAMES.labels);
  clickDownload(new Blob([strokesJson(entries)], { type: 'application/json' }), EXPORT_NAMES.strokes);
  performance.measure(MEASURE_EXPORT, { start: t0 });
}
