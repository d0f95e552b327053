import './LinkNotice.css';
import { useAppStore } from '../store/index.ts';

/** What the opening link had that was ignored (rendered as text, never as HTML). */
export function LinkNotice() {
  const notices = useAppStore((s) => s.links.notices);
  const dismiss = useAppStore((s) => s.links.actions.dismissNotices);
  if (!notices.length) return null;
  return (
    <div className="link-notice" role="status" data-testid="link-notice" data-count={notices.length}>
      <strong>Parts of this link were ignored:</strong>
      <ul>
        {notices.map((n, i) => (
          <li key={i}>{n}</li>
        ))}
      </ul>
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
