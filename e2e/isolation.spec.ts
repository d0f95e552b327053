/**
 * The e2e fixtures keep one browser context per worker and give each test a new page in it, so
 * that the HTTP cache and compiled code carry over (`e2e/fixtures.ts`). What a test stores must not:
 * the second test here, in the same context, finds nothing of what the first one wrote.
 */
import type { BrowserContext } from '@playwright/test';
import { test, expect } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

let first: BrowserContext | null = null;

test.describe('test isolation', () => {
  test('a test writes localStorage, IndexedDB and Cache Storage', async ({ lab, page }) => {
    await lab.open();
    first = page.context();
    await page.evaluate(async () => {
      localStorage.setItem('isolation', '1');
      await new Promise<void>((done, fail) => {
        const open = indexedDB.open('isolation', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('s');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('s', 'readwrite');
          tx.objectStore('s').put(1, 'k');
          tx.oncomplete = () => {
            open.result.close();
            done();
          };
        };
      });
      await (await caches.open('isolation')).put('isolation', new Response('1'));
    });
  });

  test('the next test, in the same context, finds none of it', async ({ lab, page }) => {
    // Without the shared context this test would prove nothing.
    expect(page.context()).toBe(first);
    await lab.open();
    const left = await page.evaluate(async () => ({
      localStorage: localStorage.getItem('isolation'),
      indexedDB: (await indexedDB.databases()).map((d) => d.name).filter((n) => n === 'isolation'),
      caches: (await caches.keys()).filter((k) => k === 'isolation'),
    }));
    expect(left).toEqual({ localStorage: null, indexedDB: [], caches: [] });
  });
});
