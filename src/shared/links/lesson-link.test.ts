import { describe, expect, it } from 'vitest';
import { buildLessonSearch, linkTrainOf, MAX_QUERY_CHARS, parseLessonLink, PANEL_IDS, type LessonLink } from './lesson-link.ts';
import { decodeStrokes, encodeStrokes, MAX_DRAWING_CHARS, MAX_STROKES, StrokeCodeError } from './strokes-code.ts';
import { DEFAULT_TRAIN_CONFIG } from '../protocol.ts';
import { PLACEMENTS, placeDigit } from '../preprocess/fixtures/digit-strokes.ts';
import { PEN_WIDTH, SURFACE, type Stroke } from '../preprocess/strokes.ts';

const digit = (d: number): Stroke[] => placeDigit(d, PLACEMENTS[0]!).map((points) => ({ points, width: PEN_WIDTH }));
const rounded = (strokes: readonly Stroke[]) =>
  strokes.map((s) => ({ width: Math.round(s.width * 2) / 2, points: s.points.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) })) }));

describe('strokes in a URL', () => {
  it('round-trips every fixture digit to whole surface units, in a few hundred characters', () => {
    for (let d = 0; d <= 9; d++) {
      const strokes = digit(d);
      const code = encodeStrokes(strokes)!;
      expect(code).toMatch(/^1[A-Za-z0-9_-]+$/);
      expect(code.length).toBeLessThan(400);
      const back = decodeStrokes(code);
      // Rounding can merge neighbouring points; what is left is the rounded path.
      const want = rounded(strokes).map((s) => ({
        width: s.width,
        points: s.points.filter((p, i, a) => i === 0 || p.x !== a[i - 1]!.x || p.y !== a[i - 1]!.y),
      }));
      expect(back).toEqual(want);
    }
  });

  it('clamps points outside the pad to its edge', () => {
    const code = encodeStrokes([
      {
        width: 10,
        points: [
          { x: -50, y: 10 },
          { x: 400, y: 300 },
        ],
      },
    ])!;
    expect(decodeStrokes(code)).toEqual([
      {
        width: 10,
        points: [
          { x: 0, y: 10 },
          { x: SURFACE, y: SURFACE },
        ],
      },
    ]);
  });

  it('leaves out a drawing with too many strokes', () => {
    const many = Array.from({ length: MAX_STROKES + 1 }, (_, i) => ({ width: 10, points: [{ x: i, y: i }] }));
    expect(encodeStrokes(many)).toBeNull();
  });

  it('refuses hostile codes with a reason, never a crash or a huge allocation', () => {
    const bad = [
      '',
      '2AAA',
      '1!!!!',
      '1A',
      '1<script>alert(1)</script>',
      '1' + 'A'.repeat(MAX_DRAWING_CHARS),
      // 127 strokes claimed, no bytes for them.
      '1fw',
      // A varint that never ends.
      '1_____w',
    ];
    for (const code of bad) expect(() => decodeStrokes(code), code).toThrow(StrokeCodeError);
  });

  it('refuses a point outside the pad and an impossible pen width', () => {
    // Build codes by hand through the encoder's format: 1 stroke, width 10 (20 half units), 1 point.
    const ok = encodeStrokes([{ width: 10, points: [{ x: 5, y: 5 }] }])!;
    expect(decodeStrokes(ok)).toHaveLength(1);
    const far = encodeStrokes([{ width: 10, points: [{ x: 280, y: 280 }] }])!;
    expect(decodeStrokes(far)[0]!.points[0]).toEqual({ x: 280, y: 280 });
    // Width 0 is impossible: the encoder never writes it, a hand-made code may.
    // bytes [1, 0, 1, 0, 0] → base64url "AQABAAA".
    expect(() => decodeStrokes('1AQABAAA')).toThrow(/pen width/);
  });
});

describe('lesson links', () => {
  const full: LessonLink = {
    variant: 'classic',
    train: { ...linkTrainOf(DEFAULT_TRAIN_CONFIG), epochs: 3, seed: 42, learningRate: 0.001, augment: false, limit: 2000 },
    hide: ['maps', 'evaluation'],
    embed: true,
    strokes: rounded(digit(3)),
    lang: 'ko',
  };

  it('round-trips variant, training settings, hidden panels, embed, drawing and lang', () => {
    const { search, drawingLeftOut } = buildLessonSearch(full);
    expect(drawingLeftOut).toBe(false);
    const { link, notices } = parseLessonLink(search);
    expect(notices).toEqual([]);
    expect(link).toEqual(full);
  });

  it('carries parameters it does not own through, without overriding its own', () => {
    const { search } = buildLessonSearch({ train: { epochs: 2 }, hide: [], embed: false }, { test: '', epochs: '9' });
    const p = new URLSearchParams(search);
    expect(p.get('epochs')).toBe('2');
    expect(p.has('test')).toBe(true);
  });

  it('reads an empty query as no settings', () => {
    expect(parseLessonLink('')).toEqual({ link: { train: {}, hide: [], embed: false }, notices: [] });
  });

  it('ignores malformed values with a notice each, keeping the good ones', () => {
    const { link, notices } = parseLessonLink(
      '?epochs=-1&batch=1e9&lr=NaN&seed=1.5&limit=2000&augment=yes&opt=<b>x</b>&variant=lenet7&hide=maps,<img>,nope&embed=2&lang=<script>&epochs=3',
    );
    // `lang` belongs to the language switch: passed through as it is, never judged here.
    expect(link).toEqual({ train: { limit: 2000 }, hide: ['maps'], embed: false, lang: '<script>' });
    expect(notices).toHaveLength(10);
    expect(notices.join('\n')).toMatch(/"epochs" = "-1": expected a whole number from 1 to 50/);
    expect(notices.join('\n')).toMatch(/"epochs" more than once/);
  });

  it('ignores unknown parameters but not the ones other parts of the app read', () => {
    const { notices } = parseLessonLink('?test&faults=idb-missing&backend=wasm&lang=ko&utm_source=x');
    expect(notices).toEqual(['Ignored the unknown parameter "utm_source".']);
  });

  it('ignores a bad drawing but keeps the rest of the link', () => {
    const { link, notices } = parseLessonLink('?draw=1zzzz&epochs=4');
    expect(link.train).toEqual({ epochs: 4 });
    expect(link.strokes).toBeUndefined();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^The drawing in the link was ignored: /);
  });

  it('ignores a link longer than the limit as a whole', () => {
    const { link, notices } = parseLessonLink(`?epochs=3&x=${'a'.repeat(MAX_QUERY_CHARS)}`);
    expect(link.train).toEqual({});
    expect(notices).toHaveLength(1);
  });

  it('shortens and cleans what it quotes back in a notice', () => {
    const { notices } = parseLessonLink(`?${'k'.repeat(200)}=1&seed=%00%01${'9'.repeat(100)}`);
    for (const n of notices) expect(n.length).toBeLessThan(160);
    expect([...notices.join('')].every((c) => c.charCodeAt(0) >= 0x20)).toBe(true);
  });

  it('knows every panel the app shows', () => {
    expect(PANEL_IDS).toHaveLength(11);
    expect(parseLessonLink(`?hide=${PANEL_IDS.join(',')}`).link.hide).toEqual(PANEL_IDS);
  });
});
