import './SectionTabs.css';
import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SECTIONS, type SectionId } from '../layout.ts';

/**
 * The phone layout's section tabs (WAI-ARIA tabs: one tab in the tab order, arrow keys, Home and
 * End move between them and show that section).
 */
export function SectionTabs({ current, onSelect }: { current: SectionId; onSelect: (id: SectionId) => void }) {
  const { t } = useTranslation();
  const refs = useRef(new Map<SectionId, HTMLButtonElement>());
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = SECTIONS.findIndex((s) => s.id === current);
    const n = SECTIONS.length;
    const to =
      e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i - 1 + n) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    const id = SECTIONS[to]!.id;
    onSelect(id);
    refs.current.get(id)?.focus();
  };
  return (
    <nav className="section-tabs" aria-label={t('sections.label')}>
      <div className="section-tablist" role="tablist" aria-label={t('sections.label')} onKeyDown={onKeyDown}>
        {SECTIONS.map((s) => (
          <button
            key={s.id}
            ref={(el) => {
              if (el) refs.current.set(s.id, el);
              else refs.current.delete(s.id);
            }}
            type="button"
            role="tab"
            id={`tab-${s.id}`}
            aria-controls={`section-${s.id}`}
            aria-selected={s.id === current}
            tabIndex={s.id === current ? 0 : -1}
            data-testid={`section-tab-${s.id}`}
            onClick={() => onSelect(s.id)}
          >
            {t(`sections.${s.id}`)}
          </button>
        ))}
      </div>
    </nav>
  );
}

/**
 * One section's panels. On a phone it is a tab panel, hidden unless chosen (its panels stay mounted,
 * so a training run or an evaluation goes on behind another tab); on a desktop it adds no box, and
 * the panels sit in the lab's grid as before.
 */
export function Section({ id, phone, current, children }: { id: SectionId; phone: boolean; current: SectionId; children: ReactNode }) {
  if (!phone) return <div className="section">{children}</div>;
  return (
    <div className="section" id={`section-${id}`} data-section={id} role="tabpanel" aria-labelledby={`tab-${id}`} hidden={id !== current}>
      {children}
    </div>
  );
}
