import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { countByLabel, type MyDigit } from '../../shared/mydigits/sample.ts';
import { cellAt, gridSize, paintDigits } from '../mydigits/paint.ts';
import { FileButton } from './FileButton.tsx';
import { Finetune } from './Finetune.tsx';
import { cancelFrame, requestFrame } from '../frame.ts';
import css from './MyDigits.module.css';
import { Trans, useTranslation } from 'react-i18next';

const FRAME_KEY = 'my-digits-open';

/** One label's digits as a canvas of thumbnails; a click selects one. */
const Group = memo(function Group({
  label,
  digits,
  wrongIds,
  selected,
}: {
  label: number;
  digits: readonly MyDigit[];
  /** Ids of this group's digits read wrong, comma-separated (a string, so an unchanged group skips its repaint). */
  wrongIds: string;
  selected: string | null;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const select = useAppStore((s) => s.mydigits.actions.select);
  const sel = digits.some((d) => d.id === selected) ? selected : null;
  const wrongSet = useMemo(() => new Set(wrongIds ? wrongIds.split(',') : []), [wrongIds]);
  const wrong = wrongSet.size;
  const { t } = useTranslation();
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx && digits.length) paintDigits(ctx, digits, wrongSet, sel);
  }, [digits, wrongSet, sel]);
  const { width, height } = gridSize(digits.length);
  return (
    <div className={css.group} data-testid={`my-digits-group-${label}`} data-count={digits.length} data-wrong={wrong}>
      <h3>
        {label} <span className={css.count}>{t('myDigits.count', { count: digits.length })}</span>
        {wrong > 0 && <span className={css.wrong}> {t('myDigits.wrong', { count: wrong })}</span>}
      </h3>
      {digits.length > 0 ? (
        <canvas
          ref={ref}
          className={css.cells}
          width={width}
          height={height}
          data-testid={`my-digits-cells-${label}`}
          tabIndex={0}
          aria-label={t('myDigits.cells', { label, count: digits.length, wrong })}
          onKeyDown={(e) => {
            // The keyboard's way through the thumbnails: arrows (Home, End) pick the next or previous one.
            const at = digits.findIndex((d) => d.id === sel);
            const to =
              e.key === 'ArrowRight' || e.key === 'ArrowDown'
                ? Math.min(digits.length - 1, at + 1)
                : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
                  ? Math.max(0, at < 0 ? 0 : at - 1)
                  : e.key === 'Home'
                    ? 0
                    : e.key === 'End'
                      ? digits.length - 1
                      : null;
            if (to === null) return;
            e.preventDefault();
            select(digits[to]!.id);
          }}
          onClick={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            const k = e.currentTarget.width / r.width;
            const i = cellAt((e.clientX - r.left) * k, (e.clientY - r.top) * k, digits.length);
            select(i >= 0 ? digits[i]!.id : null);
          }}
        />
      ) : (
        <p className={css.muted}>{t('myDigits.none')}</p>
      )}
    </div>
  );
});

/** The selected digit: bigger, its answers, relabel and delete. */
function Detail({ digit, answer }: { digit: MyDigit; answer: number | undefined }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { relabel, remove, select } = useAppStore((s) => s.mydigits.actions);
  const { t } = useTranslation();
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(28, 28);
    digit.image28.forEach((v, i) => img.data.set([v, v, v, 255], i * 4));
    ctx.putImageData(img, 0, 0);
  }, [digit]);
  return (
    <div className={css.detail} data-testid="my-digit-detail" data-label={digit.label}>
      <canvas ref={ref} width={28} height={28} />
      <span>
        <Trans i18nKey="myDigits.detail" values={{ label: digit.label, answer: answer ?? '…' }} components={{ b: <b /> }} />
        {digit.given !== null && <> {t('myDigits.detailGiven', { given: digit.given })}</>}
      </span>
      <label>
        {t('myDigits.relabel')}{' '}
        <select data-testid="my-digit-relabel" value={digit.label} onChange={(e) => relabel(digit.id, Number(e.target.value))}>
          {Array.from({ length: 10 }, (_, d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-testid="my-digit-delete" onClick={() => remove(digit.id)}>
        {t('myDigits.delete')}
      </button>
      <button type="button" onClick={() => select(null)}>
        {t('myDigits.close')}
      </button>
    </div>
  );
}

/** Your digits: a gallery grouped by label with counts and wrong answers marked, import/export, fine-tuning. */
export function MyDigits() {
  const { digits, answers, selected, saving } = useAppStore(
    useShallow((s) => ({
      digits: s.mydigits.digits,
      answers: s.mydigits.answers,
      selected: s.mydigits.selected,
      saving: s.mydigits.saving,
    })),
  );
  const { load, refreshAnswers, exportAll, importFiles } = useAppStore((s) => s.mydigits.actions);
  const modelKey = useAppStore((s) => `${s.model.status}:${s.model.label}:${s.model.requestId}:${s.training.status === 'done'}`);
  const counts = useMemo(() => countByLabel(digits), [digits]);
  // A group keeps its array while its digits are the same, so teaching a 3 repaints only the 3s.
  const prevGroups = useRef<readonly MyDigit[][]>([]);
  const groups = useMemo(() => {
    const g: MyDigit[][] = Array.from({ length: 10 }, () => []);
    for (const d of digits) g[d.label]!.push(d);
    const prev = prevGroups.current;
    const stable = g.map((x, i) => {
      const p = prev[i];
      return p && p.length === x.length && p.every((d, k) => d === x[k]) ? p : x;
    });
    prevGroups.current = stable;
    return stable;
  }, [digits]);
  const wrongIds = useMemo(
    () =>
      groups.map((g) =>
        g
          .filter((d) => answers[d.id] !== undefined && answers[d.id] !== d.label)
          .map((d) => d.id)
          .join(','),
      ),
    [groups, answers],
  );
  const sel = selected ? digits.find((d) => d.id === selected) : undefined;
  const [open, setOpen] = useState(true);
  const { t } = useTranslation();
  // Opening paints one label's group per frame, so a large collection never holds the page.
  const [shown, setShown] = useState(0);
  useEffect(() => {
    if (!open) return setShown(0);
    let n = 0;
    // Ten frames, then no more: a loop left running would make every frame a full one.
    const next = () => {
      setShown(++n);
      if (n < 10) requestFrame(FRAME_KEY, next);
    };
    requestFrame(FRAME_KEY, next);
    return () => cancelFrame(FRAME_KEY);
  }, [open]);

  useEffect(() => void load(), [load]);
  // The model in use changed: ask it again how it reads each of your digits.
  useEffect(() => refreshAnswers(), [modelKey, refreshAnswers]);

  return (
    <section className={`panel ${css.panel}`} aria-labelledby="my-digits-title">
      <h2 id="my-digits-title">{t('myDigits.title')}</h2>
      <p className={css.muted}>{t('myDigits.intro')}</p>
      <div className={css.tools}>
        <button type="button" data-testid="my-digits-export" onClick={() => void exportAll()} disabled={digits.length === 0}>
          {t('myDigits.export')}
        </button>
        <FileButton
          buttonTestId="my-digits-import-button"
          inputTestId="my-digits-import"
          label={t('myDigits.importLabel')}
          accept=".json,.idx3-ubyte,.idx1-ubyte,application/octet-stream"
          onFiles={(files) => void importFiles(files)}
        >
          {t('myDigits.import')}
        </FileButton>
      </div>
      <Finetune />
      <button
        type="button"
        data-testid="my-digits-toggle"
        aria-expanded={open}
        aria-controls="my-digits-groups"
        onClick={() => setOpen(!open)}
      >
        {open ? t('myDigits.hide') : t('myDigits.show')}
      </button>
      {sel && <Detail digit={sel} answer={answers[sel.id]} />}
      <div
        id="my-digits-groups"
        className={css.groups}
        // It scrolls: focusable, so the keyboard can scroll it too.
        tabIndex={0}
        role="region"
        aria-label={t('myDigits.byLabel')}
        data-testid="my-digits"
        data-count={digits.length}
        data-counts={counts.join(',')}
        data-saving={saving}
      >
        {open && digits.length === 0 ? (
          // Ten empty groups said "none yet" ten times; one line says it once.
          <p className={css.muted} data-testid="my-digits-empty">
            {t('myDigits.empty')}
          </p>
        ) : (
          groups
            .slice(0, open ? shown : 0)
            .map((g, d) => <Group key={d} label={d} digits={g} wrongIds={wrongIds[d]!} selected={selected} />)
        )}
      </div>
    </section>
  );
}
