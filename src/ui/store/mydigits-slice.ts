import type { StateCreator } from 'zustand';
import type { AppState } from './index.ts';
import { isDigitLabel, newDigitId, pad32, refuseReason, toBytes28, toSplit, type MyDigit } from '../../shared/mydigits/sample.ts';
import { importDigits } from '../../shared/mydigits/transfer.ts';
import type { FinetuneProgress } from '../../shared/mydigits/finetune.ts';
import type { DigitsPayload, FinetuneSummary } from '../../shared/protocol.ts';
import { drawingInput } from '../../shared/preprocess/drawing-input.ts';
import { PEN_WIDTH } from '../../shared/preprocess/strokes.ts';
import { deleteDigit, loadDigits, putDigits, storageReason } from '../mydigits/store-idb.ts';
import { downloadDigits } from '../mydigits/files.ts';
import { withServices } from './services.ts';
import { message, type Message } from '../i18n/message.ts';

export type FinetuneStatus = 'idle' | 'running' | 'done' | 'error';

export interface MyDigitsSlice {
  mydigits: {
    /** Your digits, oldest first (in memory; stored in IndexedDB when it works). */
    digits: readonly MyDigit[];
    /** The model in use's answer per digit id (absent: not known yet). */
    answers: Readonly<Record<string, number>>;
    /** Why the last storage write or read failed (the digits stay in memory for this visit). */
    storageError: Message | null;
    /** The last teach/import/export outcome, for the user. */
    notice: { readonly kind: 'ok' | 'error'; readonly message: Message } | null;
    selected: string | null;
    /** "Teach me your hand": the digits still to ask for, in order, and how many were asked in all. */
    round: { readonly order: readonly number[]; readonly index: number } | null;
    /** Storage writes under way (a reload before they end loses the digits they carry). */
    saving: number;
    finetune: {
      status: FinetuneStatus;
      progress: FinetuneProgress | null;
      result: Omit<FinetuneSummary, 'predictions'> | null;
      message: string | null;
    };
    actions: {
      load: () => Promise<void>;
      /** Stores the drawing on the pad as a `label`, or says why it cannot. */
      teach: (label: number) => void;
      remove: (id: string) => void;
      relabel: (id: string, label: number) => void;
      select: (id: string | null) => void;
      /** Starts a round asking for each digit `perDigit` times, in a shuffled order. */
      startRound: (perDigit?: number) => void;
      endRound: () => void;
      importFiles: (files: readonly File[]) => Promise<void>;
      exportAll: () => Promise<void>;
      startFinetune: () => void;
      /** Runs Evaluate (confusion matrix, mistakes) on your digits instead of the MNIST test set. */
      evaluateMine: () => void;
      /** Asks the worker for the model in use's answer on every digit. */
      refreshAnswers: () => void;
      answered: (requestId: number, predictions: Uint8Array) => void;
      finetuneProgress: (p: FinetuneProgress) => void;
      finetuneDone: (r: FinetuneSummary) => void;
      finetuneError: (message: string) => void;
    };
  };
}

/** `performance.measure` names of this feature's main-thread work (the long-task bench reads them). */
export const MEASURE_TEACH = 'lenet:my-digits-teach';

/** How many times a "Teach me your hand" round asks for each digit. */
export const ROUND_PER_DIGIT = 5;

function payload(digits: readonly MyDigit[]): { digits: DigitsPayload; transfer: Transferable[] } {
  const s = toSplit(digits);
  const images = s.images.buffer as ArrayBuffer;
  const labels = s.labels.buffer as ArrayBuffer;
  return { digits: { count: s.count, images, labels }, transfer: [images, labels] };
}

const saveFailed = (e: unknown, what: 'your digit' | 'the imported digits') =>
  message(what === 'your digit' ? 'storage.saveOne' : 'storage.saveMany', { reason: storageReason(e) });

export const createMyDigitsSlice: StateCreator<AppState, [], [], MyDigitsSlice> = (set, get) => {
  type S = MyDigitsSlice['mydigits'];
  const patch = (p: Partial<Omit<S, 'actions'>>) => set((s) => ({ mydigits: { ...s.mydigits, ...p } }));
  const cur = () => get().mydigits;
  let requestId = 0;
  const pending = new Map<number, readonly string[]>();

  const store = (digits: readonly MyDigit[], what: 'your digit' | 'the imported digits') => {
    patch({ saving: cur().saving + 1 });
    return putDigits(digits)
      .then(
        () => patch({ storageError: null }),
        (e: unknown) => patch({ storageError: saveFailed(e, what) }),
      )
      .finally(() => patch({ saving: cur().saving - 1 }));
  };

  return {
    mydigits: {
      digits: [],
      answers: {},
      storageError: null,
      notice: null,
      selected: null,
      saving: 0,
      round: null,
      finetune: { status: 'idle', progress: null, result: null, message: null },
      actions: {
        load: async () => {
          try {
            const stored = await loadDigits();
            const ids = new Set(stored.map((d) => d.id));
            // Digits taught while the store was opening are kept too.
            patch({ digits: [...stored, ...cur().digits.filter((d) => !ids.has(d.id))] });
          } catch (e) {
            patch({
              storageError: message('storage.read', { reason: storageReason(e) }),
            });
          }
          cur().actions.refreshAnswers();
        },
        teach: (label) => {
          const t0 = performance.now();
          if (!isDigitLabel(label))
            return patch({ notice: { kind: 'error', message: message('notice.notDigit', { label: String(label) }) } });
          const session = get().drawing.session;
          // Kept as the network sees it now (strokes redrawn at MNIST's pen width); the strokes are kept too.
          const input = drawingInput(session);
          const why =
            input.kind === 'empty'
              ? refuseReason(null, PEN_WIDTH)
              : session.image
                ? null
                : refuseReason(input.crop, session.committed[0]?.width ?? PEN_WIDTH);
          // refuseReason's two answers: an empty pad, or a dot.
          if (why || input.kind === 'empty') {
            const empty = input.kind === 'empty' || why === refuseReason(null, PEN_WIDTH);
            return patch({ notice: { kind: 'error', message: message(empty ? 'notice.empty' : 'notice.dot') } });
          }
          const p = get().prediction;
          const given = p.state === 'ready' && p.result ? p.result.digit : null;
          const image28 = toBytes28(input.image);
          const digit: MyDigit = {
            id: newDigitId(),
            label,
            given,
            strokes: session.committed,
            image28,
            image32: pad32(image28),
            createdAt: Date.now(),
          };
          const answers = given === null ? cur().answers : { ...cur().answers, [digit.id]: given };
          patch({
            digits: [...cur().digits, digit],
            answers,
            notice: {
              kind: 'ok',
              message: given === null || given === label ? message('notice.kept', { label }) : message('notice.keptRead', { label, given }),
            },
          });
          session.clear();
          const round = cur().round;
          if (round && round.order[round.index] === label) {
            const index = round.index + 1;
            patch(
              index < round.order.length
                ? { round: { ...round, index } }
                : {
                    round: null,
                    notice: { kind: 'ok', message: message('notice.roundDone', { count: round.order.length }) },
                  },
            );
          }
          void store([digit], 'your digit');
          performance.measure(MEASURE_TEACH, { start: t0 });
        },
        remove: (id) => {
          patch({ digits: cur().digits.filter((d) => d.id !== id), selected: cur().selected === id ? null : cur().selected });
          patch({ saving: cur().saving + 1 });
          deleteDigit(id)
            .catch((e: unknown) => patch({ storageError: message('storage.delete', { reason: storageReason(e) }) }))
            .finally(() => patch({ saving: cur().saving - 1 }));
        },
        relabel: (id, label) => {
          if (!isDigitLabel(label)) return;
          const d = cur().digits.find((x) => x.id === id);
          if (!d || d.label === label) return;
          const next = { ...d, label };
          patch({ digits: cur().digits.map((x) => (x.id === id ? next : x)) });
          void store([next], 'your digit');
        },
        select: (selected) => patch({ selected }),
        startRound: (perDigit = ROUND_PER_DIGIT) => {
          const order = Array.from({ length: 10 * perDigit }, (_, i) => i % 10);
          for (let i = order.length - 1; i > 0; i--) {
            const j = Math.floor(Math.random() * (i + 1));
            [order[i], order[j]] = [order[j]!, order[i]!];
          }
          patch({ round: { order, index: 0 }, notice: null });
        },
        endRound: () => patch({ round: null }),
        importFiles: async (files) => {
          try {
            const digits = await importDigits(
              files.map((f) => ({ name: f.name, size: f.size, bytes: async () => new Uint8Array(await f.arrayBuffer()) })),
            );
            patch({
              digits: [...cur().digits, ...digits],
              notice: { kind: 'ok', message: message('notice.imported', { count: digits.length }) },
            });
            await store(digits, 'the imported digits');
            cur().actions.refreshAnswers();
          } catch (e) {
            patch({ notice: { kind: 'error', message: message('notice.importRefused', { reason: (e as Error).message }) } });
          }
        },
        exportAll: async () => {
          const digits = cur().digits;
          if (digits.length === 0) return patch({ notice: { kind: 'error', message: message('notice.nothingToExport') } });
          await downloadDigits(digits);
          patch({ notice: { kind: 'ok', message: message('notice.exported', { count: digits.length }) } });
        },
        startFinetune: () => {
          const digits = cur().digits;
          if (digits.length === 0 || cur().finetune.status === 'running') return;
          const { digits: d } = payload(digits);
          const { config } = get().training;
          patch({ finetune: { status: 'running', progress: null, result: null, message: null } });
          withServices(({ training }) => training.finetune(d, { ...config, init: 'continue' }));
        },
        evaluateMine: () => {
          const digits = cur().digits;
          if (digits.length === 0 || get().evaluation.status === 'running') return;
          get().evaluation.actions.started(`${get().model.label} on your digits`, get().model.variant, 'mine');
          const { digits: d } = payload(digits);
          withServices(({ training }) => training.evaluateDigits(d));
        },
        refreshAnswers: () => {
          const digits = cur().digits;
          if (digits.length === 0) return;
          const id = ++requestId;
          pending.set(
            id,
            digits.map((d) => d.id),
          );
          const { digits: d } = payload(digits);
          withServices(({ training }) => training.predictDigits(id, d));
        },
        answered: (id, predictions) => {
          const ids = pending.get(id);
          pending.delete(id);
          if (!ids) return;
          const answers: Record<string, number> = { ...cur().answers };
          ids.forEach((digitId, i) => (answers[digitId] = predictions[i]!));
          patch({ answers });
        },
        finetuneProgress: (progress) => set((s) => ({ mydigits: { ...s.mydigits, finetune: { ...s.mydigits.finetune, progress } } })),
        finetuneDone: (r) => {
          const { predictions, ...result } = r;
          const preds = new Uint8Array(predictions);
          // The predictions follow the digits as they were sent; match them by position only if unchanged.
          const digits = cur().digits;
          const answers: Record<string, number> = { ...cur().answers };
          if (preds.length === digits.length) digits.forEach((d, i) => (answers[d.id] = preds[i]!));
          patch({ answers, finetune: { status: 'done', progress: null, result, message: result.notes.join(' ') || null } });
        },
        finetuneError: (message) => patch({ finetune: { status: 'error', progress: null, result: null, message } }),
      },
    },
  };
};
