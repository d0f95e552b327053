import './ShareLink.css';
import { useMemo, useState, useSyncExternalStore } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { buildLessonSearch, linkTrainOf, PANEL_IDS, type PanelId } from '../../shared/links/lesson-link.ts';

const PANEL_LABELS: Readonly<Record<PanelId, string>> = {
  draw: 'Drawing pad',
  prediction: 'Prediction',
  teach: 'Teaching',
  explain: 'Explanation',
  input: 'What the network sees',
  maps: 'Feature maps',
  embedding: 'Map of all digits',
  mydigits: 'Your digits',
  training: 'Training',
  model: 'Model',
  evaluation: 'Evaluation',
};

/** Parameters of the current URL that other parts of the app own, carried into the link. */
const PASS_THROUGH = ['lang', 'test', 'backend'] as const;

function passThrough(): Record<string, string> {
  const here = new URLSearchParams(location.search);
  const out: Record<string, string> = {};
  for (const k of PASS_THROUGH) {
    const v = here.get(k);
    if (v !== null) out[k] = v;
  }
  return out;
}

/** The drawing's committed strokes, re-read on commits and resets (not on every pen move). */
function useCommittedStrokes() {
  const session = useAppStore((s) => s.drawing.session);
  return useSyncExternalStore(
    (onChange) => session.subscribe((change) => change !== 'live' && onChange()),
    () => session.committed,
  );
}

type Copied = { state: 'idle' } | { state: 'copied' } | { state: 'manual' };

/**
 * "Copy link": a URL with the network, the training settings and seed, the panels shown and (if
 * ticked) the drawing, also in `data-url`. "Link options" chooses the panels and the embed mode.
 */
export function ShareLink() {
  const { variant, config, hidden, embed, includeDrawing, actions } = useAppStore(
    useShallow((s) => ({
      variant: s.model.variant,
      config: s.training.config,
      hidden: s.links.hidden,
      embed: s.links.embed,
      includeDrawing: s.links.includeDrawing,
      actions: s.links.actions,
    })),
  );
  const strokes = useCommittedStrokes();
  const [copied, setCopied] = useState<Copied>({ state: 'idle' });
  const { url, drawingLeftOut } = useMemo(() => {
    const built = buildLessonSearch(
      {
        variant,
        train: linkTrainOf(config),
        hide: hidden,
        embed,
        ...(includeDrawing && strokes.length ? { strokes } : {}),
      },
      passThrough(),
    );
    return { url: `${location.origin}${location.pathname}${built.search}`, drawingLeftOut: built.drawingLeftOut };
  }, [variant, config, hidden, embed, includeDrawing, strokes]);

  const copy = () => {
    const clip = navigator.clipboard as Clipboard | undefined;
    if (!clip) return setCopied({ state: 'manual' });
    clip.writeText(url).then(
      () => setCopied({ state: 'copied' }),
      () => setCopied({ state: 'manual' }),
    );
  };

  return (
    <div className="share-link">
      <button type="button" data-testid="copy-link" data-url={url} onClick={copy}>
        Copy link
      </button>
      <span role="status" className="muted" data-testid="copy-link-status" data-state={copied.state}>
        {copied.state === 'copied' && 'Link copied.'}
        {drawingLeftOut && ' The drawing is too large for a link and was left out.'}
      </span>
      {copied.state === 'manual' && (
        <label className="manual">
          Copy this link: <input type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} data-testid="copy-link-text" />
        </label>
      )}
      <details className="link-options">
        <summary>Link options</summary>
        <div className="link-options-body">
          <fieldset>
            <legend>Panels shown</legend>
            {PANEL_IDS.map((id) => (
              <label key={id} className="check">
                <input type="checkbox" checked={!hidden.includes(id)} onChange={(e) => actions.setShown(id, e.target.checked)} />{' '}
                {PANEL_LABELS[id]}
              </label>
            ))}
          </fieldset>
          <label className="check">
            <input type="checkbox" checked={includeDrawing} onChange={(e) => actions.setIncludeDrawing(e.target.checked)} /> Include the
            drawing
          </label>
          <label className="check">
            <input type="checkbox" checked={embed} onChange={(e) => actions.setEmbed(e.target.checked)} /> Embed: panels only, no header
            (for a course page)
          </label>
        </div>
      </details>
    </div>
  );
}
