/**
 * MNIST-style preprocessing of a drawing: what makes a drawn digit look like the digits the network
 * learned from (LeCun et al.: "normalized to fit in a 20x20 pixel box while preserving their aspect
 * ratio … centered in a 28x28 image by computing the center of mass of the pixels").
 *
 * Pure: an ink map in, a 28x28 image out. Coordinates are pixel indices; a pixel's center is at its
 * integer index, which is the convention under which MNIST's mean center of mass is (14, 14).
 */
import { inputPixels, writeInput, type InputFormat } from './input-format.ts';

/** Ink coverage of a drawing surface: `[height * width]`, 0 = paper, 1 = full ink. */
export interface InkMap {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** A 28x28 network input: `[784]`, row-major, white ink (1) on black (0). */
export type Mnist28 = Float32Array & { readonly __brand: 'Mnist28' };

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type PreprocessResult =
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'digit';
      /** The network's input. */
      readonly image: Mnist28;
      /** Ink bounding box on the drawing surface (step 1: crop). */
      readonly crop: Box;
      /** The crop scaled so its longer side is `BOX` px (step 2), `[scaled.height * scaled.width]`. */
      readonly scaled: InkMap;
      /** Where the scaled box's top-left corner went in the 28x28 field (step 3: center of mass). */
      readonly offset: { readonly x: number; readonly y: number };
      /** Center of mass of `image`, in pixel indices. */
      readonly centerOfMass: { readonly x: number; readonly y: number };
    };

export const SIZE = 28;
/** Longer side of the digit's box inside the 28x28 field. */
export const BOX = 20;
/** Where the center of mass goes (pixel-index coordinates). */
export const CENTER = 14;
/** Ink below this coverage counts as paper when finding the bounding box. */
const INK_THRESHOLD = 0.05;
/** Less total ink than this (in surface pixels of full ink) counts as nothing drawn. */
const MIN_INK = 4;

/** Bounding box of pixels with ink above the threshold, or null if there is none. */
export function inkBounds(ink: InkMap): Box | null {
  let minX = ink.width;
  let minY = ink.height;
  let maxX = -1;
  let maxY = -1;
  let total = 0;
  for (let y = 0; y < ink.height; y++) {
    const row = y * ink.width;
    for (let x = 0; x < ink.width; x++) {
      const v = ink.data[row + x]!;
      total += v;
      if (v > INK_THRESHOLD) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (maxX < 0 || total < MIN_INK) return null;
  return { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

/**
 * Resamples the `box` region of `ink` to `outW x outH` by area averaging (each output pixel is the
 * mean of the source area it covers, fractional edges weighted): anti-aliased when shrinking.
 */
export function resampleArea(ink: InkMap, box: Box, outW: number, outH: number): InkMap {
  const out = new Float32Array(outW * outH);
  const sx = box.width / outW;
  const sy = box.height / outH;
  for (let oy = 0; oy < outH; oy++) {
    const y0 = box.y + oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < outW; ox++) {
      const x0 = box.x + ox * sx;
      const x1 = x0 + sx;
      let acc = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y1, y + 1) - Math.max(y0, y);
        if (wy <= 0 || y < 0 || y >= ink.height) continue;
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const wx = Math.min(x1, x + 1) - Math.max(x0, x);
          if (wx <= 0 || x < 0 || x >= ink.width) continue;
          acc += ink.data[y * ink.width + x]! * wx * wy;
        }
      }
      out[oy * outW + ox] = Math.min(1, acc / (sx * sy));
    }
  }
  return { width: outW, height: outH, data: out };
}

/** Center of mass `(x, y)` of an image in pixel indices; null if it has no mass. */
export function centerOfMass(data: ArrayLike<number>, width: number, height: number): { x: number; y: number } | null {
  let m = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x]!;
      m += v;
      cx += v * x;
      cy += v * y;
    }
  }
  return m > 0 ? { x: cx / m, y: cy / m } : null;
}

/**
 * Drawing → MNIST-style 28x28: crop to the ink's bounding box, scale the longer side to 20 px
 * keeping the aspect ratio (anti-aliased), then place it in 28x28 so that the center of mass is at
 * (14, 14) (shifted by whole pixels, as MNIST was; the 20x20 box is kept inside the field).
 * An empty drawing gives `{ kind: 'empty' }`, not a guess.
 */
export function preprocessMnist(ink: InkMap): PreprocessResult {
  const crop = inkBounds(ink);
  if (!crop) return { kind: 'empty' };
  const long = Math.max(crop.width, crop.height);
  const w = Math.max(1, Math.round((BOX * crop.width) / long));
  const h = Math.max(1, Math.round((BOX * crop.height) / long));
  return placeByCenterOfMass(resampleArea(ink, crop, w, h), crop);
}

/**
 * Step 3, shared by the pixel and the stroke paths: places the scaled digit (at most 20x20) in the
 * 28x28 field so that its center of mass is at (14, 14), shifted by whole pixels and kept inside.
 */
export function placeByCenterOfMass(scaled: InkMap, crop: Box): PreprocessResult {
  const { width: w, height: h } = scaled;
  const com = centerOfMass(scaled.data, w, h) ?? { x: (w - 1) / 2, y: (h - 1) / 2 };
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  const ox = clamp(Math.round(CENTER - com.x), SIZE - w);
  const oy = clamp(Math.round(CENTER - com.y), SIZE - h);
  const image = new Float32Array(SIZE * SIZE) as Mnist28;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) image[(y + oy) * SIZE + x + ox] = scaled.data[y * w + x]!;
  }
  return {
    kind: 'digit',
    image,
    crop,
    scaled,
    offset: { x: ox, y: oy },
    centerOfMass: centerOfMass(image, SIZE, SIZE)!,
  };
}

/** A 32x32 input for the classic (1998) variant: the 28x28 padded by 2, `[1024]`. */
export type Classic32 = Float32Array & { readonly __brand: 'Classic32' };

/**
 * The classic LeNet-5 input (LENET5.md "Input"): pad the 28x28 by 2 on each side and map
 * background 0 → −0.1 and ink 1 → 1.175.
 */
export function toClassicInput(image: Mnist28): Classic32 {
  const out = new Float32Array(inputPixels('classic32')) as Classic32;
  writeInput(image, 0, 1, 'classic32', out, 0);
  return out;
}

/**
 * The network input for a model reading `format`: the image itself for `mnist28`, or
 * `toClassicInput(image)` for `classic32`. Shape `INPUT_FORMATS[format].shape`, flat.
 */
export function toModelInput(image: Mnist28, format: InputFormat): Mnist28 | Classic32 {
  return format === 'classic32' ? toClassicInput(image) : image;
}

/**
 * A ready-made 28x28 image (an MNIST test digit) as a preprocessing result: no crop or scaling is
 * needed, it already is what the network reads.
 */
export function fromMnist28(image: Mnist28): PreprocessResult {
  const com = centerOfMass(image, SIZE, SIZE);
  if (!com) return { kind: 'empty' };
  return {
    kind: 'digit',
    image,
    crop: { x: 0, y: 0, width: SIZE, height: SIZE },
    scaled: { width: SIZE, height: SIZE, data: image },
    offset: { x: 0, y: 0 },
    centerOfMass: com,
  };
}
