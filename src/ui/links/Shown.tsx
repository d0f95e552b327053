import type { ReactNode } from 'react';
import { useAppStore } from '../store/index.ts';
import type { PanelId } from '../../shared/links/lesson-link.ts';

/** Renders a panel unless a link (or "Link options") hides it. */
export function Shown({ id, children }: { readonly id: PanelId; readonly children: ReactNode }) {
  const hidden = useAppStore((s) => s.links.hidden.includes(id));
  return hidden ? null : children;
}
