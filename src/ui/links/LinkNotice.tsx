import './LinkNotice.css';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/index.ts';

/** What the opening link had that was ignored (rendered as text, never as HTML). */
export function LinkNotice() {
  const notices = useAppStore((s) => s.links.notices);
  const dismiss = useAppStore((s) => s.links.actions.dismissNotices);
  const { t } = useTranslation();
  if (!notices.length) return null;
  return (
    <div className="link-notice" role="status" data-testid="link-notice" data-count={notices.length}>
      <strong>{t('links.ignored')}</strong>
      <ul>
        {notices.map((n, i) => (
          <li key={i}>{n}</li>
        ))}
      </ul>
      <button type="button" onClick={dismiss}>
        {t('links.dismiss')}
      </button>
    </div>
  );
}
