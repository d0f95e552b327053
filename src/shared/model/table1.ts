/** The paper's connection table, as plain data (no tfjs): the classic net's layers and the import check both read it. */

/**
 * Table I: `C3_TABLE[o]` lists the S2 maps that C3 map o sees. Six maps see 3 contiguous S2 maps,
 * six see 4 contiguous, three see 4 discontinuous, one sees all six (wrapping around 5 → 0).
 */
export const C3_TABLE: readonly (readonly number[])[] = [
  [0, 1, 2],
  [1, 2, 3],
  [2, 3, 4],
  [3, 4, 5],
  [4, 5, 0],
  [5, 0, 1],
  [0, 1, 2, 3],
  [1, 2, 3, 4],
  [2, 3, 4, 5],
  [3, 4, 5, 0],
  [4, 5, 0, 1],
  [5, 0, 1, 2],
  [0, 1, 3, 4],
  [1, 2, 4, 5],
  [0, 2, 3, 5],
  [0, 1, 2, 3, 4, 5],
];
