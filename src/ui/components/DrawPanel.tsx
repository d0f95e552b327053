import './DrawPanel.css';
import { useEffect } from 'react';
import { useAppStore } from '../store/index.ts';
import { DrawingPad } from './DrawingPad.tsx';
import { useTranslation } from 'react-i18next';

const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** The pad with its Undo and Clear buttons and their shortcuts (Ctrl/⌘+Z, Escape). */
export function DrawPanel() {
  const hasContent = useAppStore((s) => s.drawing.hasContent);
  const { undo, clear } = useAppStore((s) => s.drawing.actions);
  const { t } = useTranslation();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      if (e.key === 'Escape') {
        clear();
      } else if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        undo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, clear]);

  return (
    <section className="panel draw-panel" aria-labelledby="draw-title">
      <h2 id="draw-title">{t('draw.title')}</h2>
      <DrawingPad />
      <div className="row">
        <button type="button" onClick={undo} disabled={!hasContent} aria-keyshortcuts="Control+Z Meta+Z" data-testid="undo">
          {t('draw.undo')} <kbd>Ctrl Z</kbd>
        </button>
        <button type="button" onClick={clear} disabled={!hasContent} aria-keyshortcuts="Escape" data-testid="clear">
          {t('draw.clear')} <kbd>Esc</kbd>
        </button>
      </div>
      <p className="hint">{t('draw.hint')}</p>
    </section>
  );
}
