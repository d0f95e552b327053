/**
 * The UI's one owner of `requestAnimationFrame`: the pad and the inference controller ask for work
 * in the next frame by key; a key asked for twice in one frame runs once (with its latest task).
 * Everything runs in one callback, in order of first request. Panels that show a prediction paint
 * when it lands (inside this callback's frame), so a stroke and its maps reach the screen together.
 */
const tasks = new Map<string, () => void>();
let frame = 0;

function flush(): void {
  frame = 0;
  const run = [...tasks.values()];
  tasks.clear();
  for (const task of run) task();
}

/** Runs `task` in the next animation frame, once, whatever else asks under the same `key`. */
export function requestFrame(key: string, task: () => void): void {
  tasks.set(key, task);
  if (!frame) frame = requestAnimationFrame(flush);
}

/** Drops `key`'s pending task (a component unmounting). */
export function cancelFrame(key: string): void {
  tasks.delete(key);
  if (tasks.size === 0 && frame) {
    cancelAnimationFrame(frame);
    frame = 0;
  }
}

/**
 * Resolves in a task of its own, without `setTimeout`'s 4 ms clamp: long main-thread work is cut
 * here so that no piece of it holds the page for a frame and more.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

/**
 * Runs `fn` when the page is idle (`requestIdleCallback`, within 3 s), or after 200 ms where there is
 * none (Safari). Returns an id for `cancelIdle`.
 */
export function whenIdle(fn: () => void): number {
  return typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 3000 }) : window.setTimeout(fn, 200);
}

/** Cancels a `whenIdle` that has not run yet. */
export function cancelIdle(id: number): void {
  if (typeof cancelIdleCallback === 'function') cancelIdleCallback(id);
  else clearTimeout(id);
}
