import './ShareLink.css';
import { useTranslation } from 'react-i18next';
import { useMemo, useState, useSyncExternalStore } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { buildLessonSearch, linkTrainOf, PANEL_IDS } from '../../shared/links/lesson-link.ts';

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
  const { t } = useTranslation();
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
        {t('links.copy')}
      </button>
      <span role="status" className="muted" data-testid="copy-link-status" data-state={copied.state}>
        {copied.state === 'copied' && t('links.copied')}
        {drawingLeftOut && ` ${t('links.tooLarge')}`}
      </span>
      {copied.state === 'manual' && (
        <label className="manual">
          {t('links.copyThis')}{' '}
          <input type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} data-testid="copy-link-text" />
        </label>
      )}
      <details className="link-options">
        <summary>{t('links.options')}</summary>
        <div className="link-options-body">
          <fieldset>
            <legend>{t('links.panelsShown')}</legend>
            {PANEL_IDS.map((id) => (
              <label key={id} className="check">
                <input type="checkbox" checked={!hidden.includes(id)} onChange={(e) => actions.setShown(id, e.target.checked)} />{' '}
                {t(`links.panel.${id}`)}
              </label>
            ))}
          </fieldset>
          <label className="check">
            <input type="checkbox" checked={includeDrawing} onChange={(e) => actions.setIncludeDrawing(e.target.checked)} />{' '}
            {t('links.includeDrawing')}
          </label>
          <label className="check">
            <input type="checkbox" checked={embed} onChange={(e) => actions.setEmbed(e.target.checked)} /> {t('links.embed')}
          </label>
        </div>
      </details>
    </div>
  );
}
