/**
 * Registers the service worker (vite-plugin-pwa, `registerType: 'prompt'`) and keeps the MNIST
 * files for offline use once it controls the page. The store's `pwa` slice says where it stands;
 * `OfflineStatus` shows it. A new version only takes over when the user asks for it, and the button
 * that asks is disabled while a training run holds the lab (`selectRunBusy`); this page never
 * reloads on its own.
 */
import { registerSW } from 'virtual:pwa-register';
import { useAppStore } from '../store/index.ts';
import { MNIST_CACHE } from '../../shared/mnist/cache.ts';
import { MNIST_DIR, MNIST_MANIFEST, parseManifest } from '../../shared/mnist/manifest.ts';

let updateSW: ((reload?: boolean) => Promise<void>) | null = null;
/** Set when this page asked for the update: only then does the new worker's takeover reload it. */
let updateRequested = false;
let started = false;

const pwa = () => useAppStore.getState().pwa.actions;
const dataUrl = (name: string): string => new URL(MNIST_DIR + name, document.baseURI).href;

/** Fetches the MNIST files the cache lacks, through the service worker (it keeps them). */
async function keepData(): Promise<void> {
  pwa().set({ offline: 'caching', message: null });
  try {
    const cache = await caches.open(MNIST_CACHE);
    const res = await fetch(dataUrl(MNIST_MANIFEST));
    if (!res.ok) throw new Error(`${MNIST_MANIFEST}: HTTP ${res.status}`);
    const manifest = parseManifest(await res.json());
    const urls = [dataUrl(MNIST_MANIFEST), ...manifest.files.map((f) => dataUrl(f.file))];
    let kept = 0;
    pwa().set({ dataKept: kept, dataTotal: urls.length });
    for (const url of urls) {
      // Fetched through the service worker; kept here at once (its own copy lands a moment later).
      if (!(await cache.match(url))) await cache.add(url);
      pwa().set({ dataKept: ++kept });
    }
    pwa().set({ offline: 'ready' });
  } catch (e) {
    pwa().set({ offline: 'error', message: `The data could not be kept for offline use: ${(e as Error).message}` });
  }
}

/** Once a service worker controls the page (now, or when the first one claims it), keep the data. */
function whenControlled(): void {
  const sw = navigator.serviceWorker;
  if (sw.controller) {
    void keepData();
    return;
  }
  sw.addEventListener('controllerchange', () => void keepData(), { once: true });
}

/** Registers the service worker once per page (production and test builds; not `npm run dev`). */
export function startPwa(): void {
  if (started || !('serviceWorker' in navigator) || typeof caches === 'undefined') return;
  started = true;
  updateSW = registerSW({
    immediate: true,
    onRegisteredSW: (_url, registration) => {
      // A browser or test that blocks service workers answers without a registration.
      if (!registration) return;
      pwa().set({ offline: 'installing' });
      // A first install that fails (a precache download failed) leaves the worker redundant.
      const installing = registration.installing;
      installing?.addEventListener('statechange', () => {
        if (installing.state === 'redundant' && !navigator.serviceWorker.controller)
          pwa().set({ offline: 'error', message: 'The app could not be saved for offline use; it works online as before.' });
      });
      whenControlled();
    },
    onRegisterError: (e: unknown) => {
      // Blocked or unsupported: the app works as before, online.
      console.info('LeNet Lab: no service worker', e);
      pwa().set({ offline: 'off' });
    },
    onNeedRefresh: () => pwa().set({ needRefresh: true }),
    onNeedReload: () => {
      // The new version took over. Reload only the page that asked for it; another tab keeps its
      // state (and its training run) and offers the reload itself.
      if (updateRequested) window.location.reload();
      else pwa().set({ needRefresh: true });
    },
  });
}

/** Lets the waiting version take over and reloads this page (the button is disabled during a run). */
export function applyUpdate(): void {
  if (!updateSW) return;
  updateRequested = true;
  void updateSW(true);
}
