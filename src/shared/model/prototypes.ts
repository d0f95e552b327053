/**
 * The fixed RBF prototypes of the classic LeNet-5's output layer (LeCun et al. 1998 §II.B, Fig. 3):
 * one stylized 7x12 bitmap per digit, read as a +1/−1 vector of 84 = 7·12 values, the target that
 * F6's 84 outputs are trained to match. Drawn here by hand ('#' = ink = +1, '.' = paper = −1),
 * row by row, so F6's activations can be shown as a 7x12 picture beside the digit it should become.
 *
 * Pure data: no tf.
 */

/** Bitmap width (columns) and height (rows); F6 has `PROTOTYPE_WIDTH * PROTOTYPE_HEIGHT` = 84 units. */
export const PROTOTYPE_WIDTH = 7;
export const PROTOTYPE_HEIGHT = 12;
export const PROTOTYPE_SIZE = PROTOTYPE_WIDTH * PROTOTYPE_HEIGHT;

/** `DIGIT_BITMAPS[d]` is digit d's 12 rows of 7 characters, '#' = +1 and '.' = −1. */
export const DIGIT_BITMAPS: readonly (readonly string[])[] = [
  // prettier-ignore
  ['..###..',
   '.#####.',
   '##...##',
   '##...##',
   '##...##',
   '##...##',
   '##...##',
   '##...##',
   '##...##',
   '##...##',
   '.#####.',
   '..###..'],
  // prettier-ignore
  ['...##..',
   '..###..',
   '.####..',
   '...##..',
   '...##..',
   '...##..',
   '...##..',
   '...##..',
   '...##..',
   '...##..',
   '.######',
   '.######'],
  // prettier-ignore
  ['..###..',
   '.#####.',
   '##...##',
   '.....##',
   '....##.',
   '...##..',
   '..##...',
   '.##....',
   '##.....',
   '##.....',
   '#######',
   '#######'],
  // prettier-ignore
  ['.#####.',
   '#######',
   '.....##',
   '.....##',
   '...###.',
   '...###.',
   '.....##',
   '.....##',
   '.....##',
   '##...##',
   '#######',
   '.#####.'],
  // prettier-ignore
  ['....##.',
   '...###.',
   '..####.',
   '.##.##.',
   '##..##.',
   '##..##.',
   '#######',
   '#######',
   '....##.',
   '....##.',
   '....##.',
   '....##.'],
  // prettier-ignore
  ['#######',
   '#######',
   '##.....',
   '##.....',
   '######.',
   '#######',
   '.....##',
   '.....##',
   '.....##',
   '##...##',
   '#######',
   '.#####.'],
  // prettier-ignore
  ['..####.',
   '.##....',
   '##.....',
   '##.....',
   '######.',
   '#######',
   '##...##',
   '##...##',
   '##...##',
   '##...##',
   '#######',
   '.#####.'],
  // prettier-ignore
  ['#######',
   '#######',
   '.....##',
   '....##.',
   '....##.',
   '...##..',
   '...##..',
   '..##...',
   '..##...',
   '..##...',
   '..##...',
   '..##...'],
  // prettier-ignore
  ['.#####.',
   '##...##',
   '##...##',
   '##...##',
   '.#####.',
   '.#####.',
   '##...##',
   '##...##',
   '##...##',
   '##...##',
   '#######',
   '.#####.'],
  // prettier-ignore
  ['.#####.',
   '#######',
   '##...##',
   '##...##',
   '##...##',
   '#######',
   '.######',
   '.....##',
   '.....##',
   '.....##',
   '....##.',
   '.####..'],
];

/** Parses string art ('#' → +1, '.' → −1) into a row-major `Float32Array` `[rows * cols]`. */
export function parseBitmap(rows: readonly string[], width = PROTOTYPE_WIDTH, height = PROTOTYPE_HEIGHT): Float32Array {
  if (rows.length !== height) throw new Error(`bitmap has ${rows.length} rows, expected ${height}`);
  const out = new Float32Array(width * height);
  rows.forEach((row, y) => {
    if (row.length !== width) throw new Error(`bitmap row ${y} "${row}" has ${row.length} columns, expected ${width}`);
    for (let x = 0; x < width; x++) {
      const c = row[x];
      if (c !== '#' && c !== '.') throw new Error(`bitmap row ${y} has "${c}"; use '#' (+1) or '.' (−1)`);
      out[y * width + x] = c === '#' ? 1 : -1;
    }
  });
  return out;
}

/** The 10 prototypes as one row-major `Float32Array` `[10 * 84]`: `RBF_PROTOTYPES[d * 84 + j]` = w_dj ∈ {−1, +1}. */
export const RBF_PROTOTYPES: Float32Array = (() => {
  const out = new Float32Array(DIGIT_BITMAPS.length * PROTOTYPE_SIZE);
  DIGIT_BITMAPS.forEach((rows, d) => out.set(parseBitmap(rows), d * PROTOTYPE_SIZE));
  return out;
})();
