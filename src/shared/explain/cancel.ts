/** Thrown by an explanation stopped between slices (a newer request, a cancel). No tfjs here: the explain worker's entry uses it before tfjs loads. */
export class ExplainCancelled extends Error {
  override name = 'ExplainCancelled';
}
