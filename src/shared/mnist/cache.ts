/**
 * The Cache Storage bucket the service worker keeps the MNIST files in (runtime caching, CacheFirst;
 * see `vite.config.ts`). The loader checks every file's SHA-256 as before; when a cached copy fails
 * that check it is evicted here and fetched again from the network. Works in the page and in a
 * worker; where Cache Storage does not exist (Node, insecure contexts) nothing is cached or evicted.
 */

/** Must match `runtimeCaching[].options.cacheName` in `vite.config.ts`. */
export const MNIST_CACHE = 'lenet-mnist';

/** Deletes `url` from the MNIST cache; true if a copy was there (a re-fetch can then bring a fresh one). */
export async function evictCached(url: string): Promise<boolean> {
  if (typeof caches === 'undefined') return false;
  try {
    if (!(await caches.has(MNIST_CACHE))) return false;
    return await (await caches.open(MNIST_CACHE)).delete(url);
  } catch {
    return false;
  }
}
