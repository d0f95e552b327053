import type { StateCreator } from 'zustand';
import type { AppState } from '../store/index.ts';
import type { PanelId } from '../../shared/links/lesson-link.ts';
import { INITIAL_LINK } from './initial.ts';

export interface LinksSlice {
  links: {
    /** Panels not shown (a link's `hide=`, or unticked under "Link options"). */
    hidden: readonly PanelId[];
    /** Only the panels, no header (`?embed`, for an iframe in a course page). */
    embed: boolean;
    /** Whether "Copy link" puts the drawing into the link. */
    includeDrawing: boolean;
    /** What the opening link had that was ignored, for the user. */
    notices: readonly string[];
    actions: {
      setShown: (id: PanelId, shown: boolean) => void;
      setEmbed: (embed: boolean) => void;
      setIncludeDrawing: (include: boolean) => void;
      dismissNotices: () => void;
    };
  };
}

export const createLinksSlice: StateCreator<AppState, [], [], LinksSlice> = (set) => {
  const patch = (p: Partial<Omit<LinksSlice['links'], 'actions'>>) => set((s) => ({ links: { ...s.links, ...p } }));
  return {
    links: {
      hidden: INITIAL_LINK.link.hide,
      embed: INITIAL_LINK.link.embed,
      includeDrawing: true,
      notices: INITIAL_LINK.notices,
      actions: {
        setShown: (id, shown) =>
          set((s) => {
            const rest = s.links.hidden.filter((h) => h !== id);
            return { links: { ...s.links, hidden: shown ? rest : [...rest, id] } };
          }),
        setEmbed: (embed) => patch({ embed }),
        setIncludeDrawing: (includeDrawing) => patch({ includeDrawing }),
        dismissNotices: () => patch({ notices: [] }),
      },
    },
  };
};
