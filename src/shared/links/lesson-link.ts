/**
 * Lesson links: the lab's state as URL parameters, and back. Pure (no DOM): the UI reads
 * `location.search` through `parseLessonLink` once at start and builds links with
 * `buildLessonSearch`. Every parameter is checked; anything malformed or unknown is dropped with a
 * notice for the user, never thrown.
 *
 * | parameter  | meaning                                                        |
 * | ---------- | -------------------------------------------------------------- |
 * | `variant`  | `modern` or `classic`                                          |
 * | `epochs` `batch` `lr` `decay` `opt` `val` `patience` `augment` `seed` `limit` `init` `loss` `schedule` | training settings |
 * | `hide`     | panels to hide, comma-separated (`PANEL_IDS`)                   |
 * | `embed`    | only the panels, no header (for an iframe in a course page)    |
 * | `draw`     | the drawing (`strokes-code.ts`)                                |
 * | `lang`     | the language (owned by the language switch; passed through)    |
 */
import type { Stroke } from '../preprocess/strokes.ts';
import type { OptimizerName, TrainConfig } from '../protocol.ts';
import { isVariant, type Variant } from '../model/variants.ts';
import { decodeStrokes, encodeStrokes, MAX_DRAWING_CHARS } from './strokes-code.ts';

/** The panels a link can show or hide (the ids of the App's `PanelBoundary`s). */
export const PANEL_IDS = [
  'draw',
  'prediction',
  'teach',
  'explain',
  'input',
  'maps',
  'embedding',
  'mydigits',
  'training',
  'model',
  'evaluation',
] as const;
export type PanelId = (typeof PANEL_IDS)[number];
export const isPanelId = (v: string): v is PanelId => (PANEL_IDS as readonly string[]).includes(v);

/** The training settings a link carries. */
export type LinkTrain = Partial<
  Pick<
    TrainConfig,
    | 'epochs'
    | 'batchSize'
    | 'learningRate'
    | 'learningRateDecay'
    | 'optimizer'
    | 'validationSplit'
    | 'patience'
    | 'augment'
    | 'seed'
    | 'limit'
    | 'init'
    | 'classicLoss'
    | 'schedule'
  >
>;

export interface LessonLink {
  readonly variant?: Variant;
  readonly train: LinkTrain;
  readonly hide: readonly PanelId[];
  readonly embed: boolean;
  readonly strokes?: readonly Stroke[];
  /** Passed through untouched (checked only for shape): the language switch reads it. */
  readonly lang?: string;
}

export interface ParsedLink {
  readonly link: LessonLink;
  /** What was ignored and why, in plain words for the user. */
  readonly notices: readonly string[];
}

/** Parameters other parts of the app read: not ours to judge beyond their size. */
const OTHERS = new Set(['test', 'faults', 'backend']);
/** Longest query considered at all. */
export const MAX_QUERY_CHARS = MAX_DRAWING_CHARS + 2000;

type Field = {
  readonly [K in keyof LinkTrain]-?: {
    readonly key: K;
    readonly param: string;
    readonly parse: (v: string) => LinkTrain[K] | undefined;
    readonly show: (v: NonNullable<LinkTrain[K]>) => string;
    /** What a valid value looks like, for the notice. */
    readonly expect: string;
  };
}[keyof LinkTrain];

const NUMBER = /^[0-9]+(\.[0-9]+)?(e-?[0-9]+)?$/i;
const num = (min: number, max: number, integer: boolean) => (v: string) => {
  if (!NUMBER.test(v)) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) return undefined;
  return n;
};
const oneOf =
  <T extends string>(...values: T[]) =>
  (v: string): T | undefined =>
    (values as string[]).includes(v) ? (v as T) : undefined;
const text = (v: number | string | boolean): string => (typeof v === 'boolean' ? (v ? '1' : '0') : String(v));

/** The training fields, in the order they are written into a link. */
const FIELDS: readonly Field[] = [
  { key: 'epochs', param: 'epochs', parse: num(1, 50, true), show: text, expect: 'a whole number from 1 to 50' },
  { key: 'batchSize', param: 'batch', parse: num(1, 1024, true), show: text, expect: 'a whole number from 1 to 1024' },
  { key: 'learningRate', param: 'lr', parse: num(1e-6, 10, false), show: text, expect: 'a number from 0.000001 to 10' },
  { key: 'learningRateDecay', param: 'decay', parse: num(0.01, 1, false), show: text, expect: 'a number from 0.01 to 1' },
  { key: 'optimizer', param: 'opt', parse: oneOf<OptimizerName>('adam', 'sgd', 'rmsprop'), show: text, expect: 'adam, sgd or rmsprop' },
  { key: 'validationSplit', param: 'val', parse: num(0, 0.5, false), show: text, expect: 'a number from 0 to 0.5' },
  { key: 'patience', param: 'patience', parse: num(0, 50, true), show: text, expect: 'a whole number from 0 to 50' },
  {
    key: 'augment',
    param: 'augment',
    parse: (v) => (v === '1' ? true : v === '0' ? false : undefined),
    show: text,
    expect: '0 or 1',
  },
  { key: 'seed', param: 'seed', parse: num(0, 2 ** 31 - 1, true), show: text, expect: 'a whole number from 0 to 2147483647' },
  { key: 'limit', param: 'limit', parse: num(0, 60_000, true), show: text, expect: 'a whole number from 0 to 60000' },
  { key: 'init', param: 'init', parse: oneOf('fresh', 'continue'), show: text, expect: 'fresh or continue' },
  { key: 'classicLoss', param: 'loss', parse: oneOf('map', 'mse'), show: text, expect: 'map or mse' },
  { key: 'schedule', param: 'schedule', parse: oneOf('decay', 'paper'), show: text, expect: 'decay or paper' },
];

/** A parameter name or value as it may appear in a notice: short, printable. */
function quote(s: string, max = 40): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f]/g, '?');
  return `"${clean.length > max ? `${clean.slice(0, max)}…` : clean}"`;
}

const MAX_LANG_CHARS = 64;

/** Reads a lesson link from a query string (`location.search`). Never throws. */
export function parseLessonLink(search: string): ParsedLink {
  const notices: string[] = [];
  const empty: LessonLink = { train: {}, hide: [], embed: false };
  if (search.length > MAX_QUERY_CHARS) {
    return { link: empty, notices: [`The link is longer than ${MAX_QUERY_CHARS} characters; all its settings were ignored.`] };
  }
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { link: empty, notices: ['The link could not be read; its settings were ignored.'] };
  }
  const train: Record<string, unknown> = {};
  const fields = new Map(FIELDS.map((f) => [f.param, f]));
  let variant: Variant | undefined;
  let hide: PanelId[] = [];
  let embed = false;
  let strokes: Stroke[] | undefined;
  let lang: string | undefined;
  const seen = new Set<string>();
  const entries: [string, string][] = [];
  params.forEach((value, name) => entries.push([name, value]));
  for (const [name, value] of entries) {
    if (seen.has(name)) {
      notices.push(`The link gives ${quote(name)} more than once; the first was used.`);
      continue;
    }
    seen.add(name);
    const field = fields.get(name);
    if (field) {
      const v = field.parse(value);
      if (v === undefined) notices.push(`Ignored ${quote(name)} = ${quote(value)}: expected ${field.expect}.`);
      else train[field.key] = v;
    } else if (name === 'variant') {
      if (isVariant(value)) variant = value;
      else notices.push(`Ignored "variant" = ${quote(value)}: expected modern or classic.`);
    } else if (name === 'hide') {
      const ids = value.split(',').filter(Boolean);
      const bad = ids.filter((id) => !isPanelId(id));
      if (bad.length)
        notices.push(
          `Ignored unknown panels in "hide": ${bad
            .slice(0, 5)
            .map((b) => quote(b, 20))
            .join(', ')}.`,
        );
      hide = [...new Set(ids.filter(isPanelId))];
    } else if (name === 'embed') {
      if (value === '' || value === '1') embed = true;
      else if (value !== '0') notices.push(`Ignored "embed" = ${quote(value)}: expected nothing, 1 or 0.`);
    } else if (name === 'draw') {
      try {
        strokes = decodeStrokes(value);
      } catch (e) {
        notices.push(`The drawing in the link was ignored: ${(e as Error).message}.`);
      }
    } else if (name === 'lang') {
      // The language switch owns `lang` and judges its value; only an absurd length is refused here.
      if (value.length <= MAX_LANG_CHARS) lang = value;
      else notices.push(`Ignored "lang": longer than ${MAX_LANG_CHARS} characters.`);
    } else if (!OTHERS.has(name)) {
      notices.push(`Ignored the unknown parameter ${quote(name)}.`);
    }
  }
  const link: LessonLink = {
    train: train as LinkTrain,
    hide,
    embed,
    ...(variant ? { variant } : {}),
    ...(strokes ? { strokes } : {}),
    ...(lang ? { lang } : {}),
  };
  return { link, notices };
}

export interface BuiltSearch {
  /** `?…`, ready to put after a page's path. */
  readonly search: string;
  /** The drawing was asked for but is too large for a link (and left out). */
  readonly drawingLeftOut: boolean;
}

/**
 * Writes a lesson link's query string. `others` carries parameters this module does not own
 * (`lang`, `test`…) through unchanged.
 */
export function buildLessonSearch(link: LessonLink, others: Readonly<Record<string, string>> = {}): BuiltSearch {
  const p = new URLSearchParams();
  if (link.variant) p.set('variant', link.variant);
  for (const f of FIELDS) {
    const v = link.train[f.key];
    if (v !== undefined) p.set(f.param, (f.show as (v: unknown) => string)(v));
  }
  if (link.hide.length) p.set('hide', link.hide.join(','));
  if (link.embed) p.set('embed', '1');
  let drawingLeftOut = false;
  if (link.strokes && link.strokes.length) {
    const code = encodeStrokes(link.strokes);
    if (code) p.set('draw', code);
    else drawingLeftOut = true;
  }
  if (link.lang) p.set('lang', link.lang);
  for (const [k, v] of Object.entries(others)) if (!p.has(k)) p.set(k, v);
  const s = p.toString();
  return { search: s ? `?${s}` : '', drawingLeftOut };
}

/** The training settings of a config, as a link carries them. */
export function linkTrainOf(c: TrainConfig): LinkTrain {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) out[f.key] = c[f.key];
  return out as LinkTrain;
}
