import { useEffect } from 'react';
import { useAppStore } from '../store/index.ts';
import css from './TeachBar.module.css';

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

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey || !/^[0-9]$/.test(e.key)) return;
      if (!useAppStore.getState().drawing.hasContent) return;
      e.preventDefault();
      teach(Number(e.key));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [teach]);

  return (
    <section className="panel" aria-labelledby="teach-title">
      <h2 id="teach-title">Teach it your hand</h2>
      <div className={css.buttons} role="group" aria-label="Say which digit you drew">
        {Array.from({ length: 10 }, (_, d) => (
          <button
            key={d}
            type="button"
            data-testid={`teach-${d}`}
            aria-keyshortcuts={String(d)}
            title={hasContent ? `Keep this drawing as a ${d} (key ${d})` : 'Draw a digit first'}
            onClick={() => teach(d)}
          >
            It&rsquo;s a {d}
          </button>
        ))}
      </div>
      {notice && (
        <p className={notice.kind === 'ok' ? css.ok : css.error} data-testid="teach-notice" data-kind={notice.kind} role="status">
          {notice.text}
        </p>
      )}
      {storageError && (
        <p className={css.error} data-testid="my-digits-storage" role="alert">
          {storageError}
        </p>
      )}
    </section>
  );
}
