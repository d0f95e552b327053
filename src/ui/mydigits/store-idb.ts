/**
 * "Your digits" in IndexedDB (database `lenet-lab-my-digits`, one record per digit keyed by id).
 * Every call may fail (no IndexedDB, storage full, private mode): it rejects with a message for the
 * user, and the caller keeps the digits in memory. Reads come in chunks, so a large collection
 * never holds the page for long.
 */
import type { MyDigit } from '../../shared/mydigits/sample.ts';
import { FAULTS, TEST_MODE } from '../env.ts';

const DB = 'lenet-lab-my-digits';
const STORE = 'digits';
const CHUNK = 200;

/** Test mode only (`?test&faults=idb-missing|idb-quota`): this page's IndexedDB, missing or full. */
function factory(): IDBFactory | undefined {
  if (TEST_MODE && FAULTS.includes('idb-missing')) return undefined;
  if (TEST_MODE && FAULTS.includes('idb-quota'))
    return {
      open: () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    } as unknown as IDBFactory;
  return globalThis.indexedDB;
}

/** The user-facing reason behind a storage error. */
export function storageReason(e: unknown): string {
  const err = e as { name?: string; message?: string } | null;
  if (err?.name === 'QuotaExceededError' || /quota/i.test(err?.message ?? '')) return 'the browser storage is full';
  return err?.message || String(e);
}

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const idb = factory();
    if (!idb) return reject(new Error('this browser offers no IndexedDB here (private mode?)'));
    const req = idb.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  }).catch((e: unknown) => {
    opening = null;
    throw e;
  });
  return opening;
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
  });
}

/** All stored digits, oldest first, read `CHUNK` at a time; `onChunk` hears each chunk. */
export async function loadDigits(onChunk?: (chunk: MyDigit[]) => void): Promise<MyDigit[]> {
  const db = await open();
  const all: MyDigit[] = [];
  let after: string | null = null;
  for (;;) {
    const chunk = await new Promise<MyDigit[]>((resolve, reject) => {
      const req = db
        .transaction(STORE, 'readonly')
        .objectStore(STORE)
        .getAll(after === null ? null : IDBKeyRange.lowerBound(after, true), CHUNK);
      req.onsuccess = () => resolve(req.result as MyDigit[]);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB read failed'));
    });
    all.push(...chunk);
    onChunk?.(chunk);
    if (chunk.length < CHUNK) return all;
    after = chunk[chunk.length - 1]!.id;
  }
}

/** Stores (or replaces) digits, in chunks of `CHUNK` per transaction. */
export async function putDigits(digits: readonly MyDigit[]): Promise<void> {
  const db = await open();
  for (let i = 0; i < digits.length; i += CHUNK) {
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    for (const d of digits.slice(i, i + CHUNK)) store.put(d);
    await done(tx);
  }
}

export async function deleteDigit(id: string): Promise<void> {
  const db = await open();
  const tx = db.transaction(STORE, 'readwrite');
  tx.objectStore(STORE).delete(id);
  await done(tx);
}
