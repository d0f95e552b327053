import { useEffect } from 'react';
import { useAppStore } from '../store/index.ts';
import css from './TeachBar.module.css';
import { Trans, useTranslation } from 'react-i18next';

const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/**
 * "It's a …" buttons beside the prediction: one click (or the digit's key while the pad holds a
 * drawing) keeps the drawing as one of your digits with that label, and clears the pad.
 */
export function TeachBar() {
  const teach = useAppStore((s) => s.mydigits.actions.teach);
  const notice = useAppStore((s) => s.mydigits.notice);
  const storageError = useAppStore((s) => s.mydigits.storageError);
  const hasContent = useAppStore((s) => s.drawing.hasContent);
  const round = useAppStore((s) => s.mydigits.round);
  const { startRound, endRound } = useAppStore((s) => s.mydigits.actions);
  const asked = round ? round.order[round.index] : undefined;
  const { t } = useTranslation();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const s = useAppStore.getState();
      if (!s.drawing.hasContent) return;
      const r = s.mydigits.round;
      // In a round, Enter keeps the drawing as the digit asked for.
      const label = /^[0-9]$/.test(e.key)
        ? Number(e.key)
        : e.key === 'Enter' && r && !(e.target instanceof HTMLButtonElement)
          ? r.order[r.index]
          : undefined;
      if (label === undefined) return;
      e.preventDefault();
      teach(label);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [teach]);

  return (
    <section className="panel" aria-labelledby="teach-title">
      <h2 id="teach-title">{t('teach.title')}</h2>
      <div className={css.buttons} role="group" aria-label={t('teach.group')}>
        {Array.from({ length: 10 }, (_, d) => (
          <button
            key={d}
            type="button"
            data-testid={`teach-${d}`}
            aria-keyshortcuts={String(d)}
            title={hasContent ? t('teach.keep', { digit: d }) : t('teach.drawFirst')}
            className={asked === d ? css.askedButton : undefined}
            onClick={() => teach(d)}
          >
            {t('teach.button', { digit: d })}
          </button>
        ))}
      </div>
      <div className={css.round}>
        {round && asked !== undefined ? (
          <>
            <span data-testid="teach-round" data-asked={asked} data-index={round.index} data-total={round.order.length} aria-live="polite">
              <Trans
                i18nKey="teach.roundAsk"
                values={{ asked, index: round.index + 1, total: round.order.length }}
                components={{ b: <b className={css.asked} />, kbd: <kbd /> }}
              />
            </span>
            <progress max={round.order.length} value={round.index} />
            <button type="button" data-testid="teach-round-end" onClick={endRound}>
              {t('teach.roundEnd')}
            </button>
          </>
        ) : (
          <button type="button" data-testid="teach-round-start" onClick={() => startRound()}>
            {t('teach.roundStart')}
          </button>
        )}
      </div>
      {notice && (
        <p className={notice.kind === 'ok' ? css.ok : css.error} data-testid="teach-notice" data-kind={notice.kind} role="status">
          {t(notice.message.key, { ...notice.message.params })}
        </p>
      )}
      {storageError && (
        <p className={css.error} data-testid="my-digits-storage" role="alert">
          {t(storageError.key, { ...storageError.params })}
        </p>
      )}
    </section>
  );
}
