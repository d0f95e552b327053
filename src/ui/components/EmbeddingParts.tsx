/** The map of all digits' smaller parts: its types, its status line and its legend. */
import type { EmbedProgress, EmbedResult } from '../explain/worker-client.ts';
import type { Variant } from '../../shared/model/variants.ts';
import { DIGIT_COLORS } from '../explain/map-view.ts';
import { useFormat } from '../i18n/format.ts';
import styles from './Embedding.module.css';

export type MapState = 'idle' | 'loading' | 'computing' | 'ready' | 'error';

/** A map as shown: the worker's result, the variant it was made for, each point's canvas pixel `[2n]`. */
export type Embedding = EmbedResult & { readonly variant: Variant; readonly pixels: Float32Array };

export interface TestSet {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
}

/** The colours of the ten digits and the drawing's ring. */
export function MapLegend() {
  const { t } = useFormat();
  return (
    <ol className={styles.legend} aria-label={t('embedding.colors')}>
      {DIGIT_COLORS.map((c, d) => (
        <li key={d}>
          <span className={styles.swatch} style={{ background: c }} /> {d}
        </li>
      ))}
      <li>
        <span className={styles.ring} /> {t('embedding.yours')}
      </li>
    </ol>
  );
}

/** The map's progress while it is computed; when ready, how it was made and how long it took. */
export function MapStatus(p: {
  state: MapState;
  stage: EmbedProgress['stage'];
  progress: number;
  error: string | null;
  map: Embedding | null;
}) {
  const { t, f } = useFormat();
  const e = p.map;
  const busy = p.state === 'loading' || p.state === 'computing';
  const explained = e?.pca ? (e.pca.variance[0] + e.pca.variance[1]) / (e.pca.totalVariance || 1) : 0;
  return (
    <span className="muted" data-testid="embedding-status" aria-live="polite">
      {busy && t(p.stage === 'loading' ? 'embedding.loading' : 'embedding.computing', { pct: f.pct(p.progress, 0) })}
      {p.state === 'ready' &&
        e &&
        t('embedding.readyDetail', {
          images: f.num(e.coords.length / 2),
          how: e.pca ? t('embedding.pcaShare', { pct: f.pct(explained, 0) }) : 'UMAP',
          ms: f.num(e.ms, 0),
          forward:
            e.forwardMs > 0
              ? t(e.threads > 1 ? 'embedding.forwardSplit' : 'embedding.forward', { ms: f.num(e.forwardMs, 0) })
              : t('embedding.kept'),
          backend: e.backend,
        })}
      {p.state === 'error' && <span className="error-text">{p.error}</span>}
    </span>
  );
}
