/** Number formats of the training readouts. */
export const fmt = (n: number | undefined, digits = 4): string => (n === undefined || !Number.isFinite(n) ? '' : n.toFixed(digits));
export const mmss = (s: number): string => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;
