import './EvaluationPanel.css';
import { workerText } from '../i18n/labels.ts';
import { useAppStore } from '../store/index.ts';
import { selectRunBusy } from '../store/selectors.ts';
import { accuracyOf, perClassAccuracy } from '../../shared/eval/metrics.ts';
import { ConfusionMatrix } from './ConfusionMatrix.tsx';
import { Gallery } from './Gallery.tsx';
import { PaperTable } from './PaperTable.tsx';
import { Trans } from 'react-i18next';
import { useFormat } from '../i18n/format.ts';
import { modelLabel } from '../i18n/labels.ts';

/** Accuracy of the lab's model on all 10,000 test images, where it fails, and a comparison of runs. */
export function EvaluationPanel() {
  const ev = useAppStore((s) => s.evaluation);
  const modelLabel_ = useAppStore((s) => s.model.label);
  const busyTraining = useAppStore(selectRunBusy);
  const myCount = useAppStore((s) => s.mydigits.digits.length);
  const evaluateMine = useAppStore((s) => s.mydigits.actions.evaluateMine);
  const running = ev.status === 'running';
  const { t, f, lng } = useFormat();
  const acc = ev.matrix ? accuracyOf(ev.matrix) : null;
  const perClass = ev.matrix ? perClassAccuracy(ev.matrix) : null;
  const pct = ev.progress.total ? (ev.progress.done / ev.progress.total) * 100 : 0;

  return (
    <section className="panel eval-panel" aria-labelledby="eval-title">
      <h2 id="eval-title">{t('eval.title')}</h2>
      <div className="row wrap">
        <button
          type="button"
          data-testid="evaluate"
          onClick={ev.actions.run}
          disabled={running || busyTraining}
          title={busyTraining ? t('eval.runBusy') : undefined}
        >
          {t('eval.evaluate', { model: modelLabel_ ? modelLabel(t, modelLabel_) : t('eval.theModel') })}
        </button>
        <button
          type="button"
          data-testid="evaluate-mine"
          onClick={evaluateMine}
          disabled={running || busyTraining || myCount === 0}
          title={myCount === 0 ? t('eval.teachFirst') : undefined}
        >
          {t('eval.mine', { count: myCount })}
        </button>
        <button type="button" data-testid="evaluate-cancel" onClick={ev.actions.cancel} disabled={!running}>
          {t('eval.cancel')}
        </button>
        {running && (
          <span className="progress-line inline">
            <progress max={100} value={pct} aria-label={t('eval.progress')} /> {f.num(ev.progress.done)} / {f.num(ev.progress.total)}
          </span>
        )}
        {ev.status === 'cancelled' && <span className="muted">{t('eval.cancelled')}</span>}
      </div>
      {ev.message && (
        <p className="error-box" role="alert">
          {workerText(t, ev.message)}
        </p>
      )}
      <p
        className="eval-result"
        data-testid="test-accuracy"
        data-value={acc && ev.status !== 'running' ? acc.accuracy.toFixed(4) : ''}
        data-status={ev.status}
      >
        {acc && (
          <>
            {/* The model's name (an imported file's) stays out of Trans, which reads its string as markup. */}
            <Trans
              i18nKey="eval.result"
              values={{
                pct: f.pct(acc.accuracy, 2),
                correct: f.num(acc.correct),
                total: f.num(acc.total),
                error: f.pct(1 - acc.accuracy, 2),
              }}
              components={{ b: <strong /> }}
            />{' '}
            · {modelLabel(t, ev.model)} · {t('eval.seconds', { seconds: f.num(ev.ms / 1000, 1) })}
          </>
        )}
        {!acc && !running && t('eval.hint')}
      </p>
      {perClass && (
        <div className="per-class" aria-label={t('eval.perClass')}>
          {perClass.map((a, d) => (
            <span key={d}>
              <b>{d}</b> {t('eval.perClassPct', { pct: f.pct(a, 1) })}
            </span>
          ))}
        </div>
      )}
      {ev.matrix && (
        <div className="eval-body">
          <ConfusionMatrix />
          <Gallery />
        </div>
      )}
      <PaperTable />
      {ev.history.length > 0 && (
        <table className="epochs compare" data-testid="eval-history" aria-label={t('eval.history')}>
          <thead>
            <tr>
              <th>{t('eval.colModel')}</th>
              <th>{t('eval.colAccuracy')}</th>
              <th>{t('eval.colErrors')}</th>
              <th>{t('eval.colTime')}</th>
              <th>{t('eval.colWhen')}</th>
            </tr>
          </thead>
          <tbody>
            {ev.history.map((r) => (
              <tr key={r.at}>
                <td>{modelLabel(t, r.model)}</td>
                <td>{t('eval.pct', { pct: f.pct(r.accuracy, 2) })}</td>
                <td>
                  {f.num(r.errors)} / {f.num(r.total)}
                </td>
                <td>{t('eval.seconds', { seconds: f.num(r.ms / 1000, 1) })}</td>
                <td>{new Date(r.at).toLocaleTimeString(lng)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
