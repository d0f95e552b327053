import './DrawPanel.css';
import { useEffect } from 'react';
import { useAppStore } from '../store/index.ts';
import { DrawingPad } from './DrawingPad.tsx';

const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** The pad with its Undo and Clear buttons and their shortcuts (Ctrl/⌘+Z, Escape). */
export function DrawPanel() {
  const hasContent = useAppStore((s) => s.drawing.hasContent);
  const { undo, clear } = useAppStore((s) => s.drawing.actions);

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
      <h2 id="draw-title">Draw a digit</h2>
      <DrawingPad />
      <div className="row">
        <button type="button" onClick={undo} disabled={!hasContent} aria-keyshortcuts="Control+Z Meta+Z" data-testid="undo">
          Undo <kbd>Ctrl Z</kbd>
        </button>
        <button type="button" onClick={clear} disabled={!hasContent} aria-keyshortcuts="Escape" data-testid="clear">
          Clear <kbd>Esc</kbd>
        </button>
      </div>
      <p className="hint">
        Draw anywhere, any size: the digit is cropped, scaled to 20 px and centered by its center of mass, the way MNIST was made.
      </p>
    </section>
  );
}
