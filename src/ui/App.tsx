import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { startLab } from './lab.ts';
import { ModelStatus } from './components/ModelStatus.tsx';
import { VariantSwitch } from './components/VariantSwitch.tsx';
import { DrawPanel } from './components/DrawPanel.tsx';
import { InputPreview } from './components/InputPreview.tsx';
import { PredictionPanel } from './components/PredictionPanel.tsx';
import { TrainingPanel } from './components/TrainingPanel.tsx';
import { ModelPanel } from './components/ModelPanel.tsx';
import { FeatureMaps } from './components/maps/FeatureMaps.tsx';
import { EvaluationPanel } from './components/EvaluationPanel.tsx';
import { PanelBoundary } from './components/PanelBoundary.tsx';
import { ExplainPanel } from './components/ExplainPanel.tsx';
import { EmbeddingPanel } from './components/EmbeddingPanel.tsx';
import { TeachBar } from './components/TeachBar.tsx';
import { MyDigits } from './components/MyDigits.tsx';
import { LanguageSelect } from './components/LanguageSelect.tsx';

export function App() {
  useEffect(() => startLab(), []);
  const { t } = useTranslation();
  return (
    <div className="app">
      <header className="top">
        <h1>
          LeNet Lab <span className="tagline">{t('header.tagline')}</span>
        </h1>
        <PanelBoundary name={t('panel.variant')} id="variant" inline>
          <VariantSwitch />
        </PanelBoundary>
        <PanelBoundary name={t('panel.status')} id="status" inline>
          <ModelStatus />
        </PanelBoundary>
        <LanguageSelect />
      </header>
      <main className="lab">
        <PanelBoundary name={t('panel.draw')} id="draw">
          <DrawPanel />
        </PanelBoundary>
        <div className="column">
          <PanelBoundary name={t('panel.prediction')} id="prediction">
            <PredictionPanel />
          </PanelBoundary>
          <PanelBoundary name={t('panel.teach')} id="teach">
            <TeachBar />
          </PanelBoundary>
          <PanelBoundary name={t('panel.explain')} id="explain">
            <ExplainPanel />
          </PanelBoundary>
          <PanelBoundary name={t('panel.input')} id="input">
            <InputPreview />
          </PanelBoundary>
        </div>
        <PanelBoundary name={t('panel.maps')} id="maps">
          <FeatureMaps />
        </PanelBoundary>
        <PanelBoundary name={t('panel.embedding')} id="embedding">
          <EmbeddingPanel />
        </PanelBoundary>
        <PanelBoundary name={t('panel.mydigits')} id="mydigits">
          <MyDigits />
        </PanelBoundary>
        <PanelBoundary name={t('panel.training')} id="training">
          <TrainingPanel />
        </PanelBoundary>
        <PanelBoundary name={t('panel.model')} id="model">
          <ModelPanel />
        </PanelBoundary>
        <PanelBoundary name={t('panel.evaluation')} id="evaluation">
          <EvaluationPanel />
        </PanelBoundary>
      </main>
    </div>
  );
}
