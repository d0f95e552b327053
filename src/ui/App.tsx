import { useEffect } from 'react';
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
import { OfflineStatus } from './pwa/OfflineStatus.tsx';

export function App() {
  useEffect(() => startLab(), []);
  return (
    <div className="app">
      <header className="top">
        <h1>
          LeNet Lab <span className="tagline">draw a digit, watch LeNet-5 read it</span>
        </h1>
        <PanelBoundary name="the network menu" id="variant" inline>
          <VariantSwitch />
        </PanelBoundary>
        <PanelBoundary name="the model status" id="status" inline>
          <ModelStatus />
        </PanelBoundary>
        <OfflineStatus />
      </header>
      <main className="lab">
        <PanelBoundary name="the drawing pad" id="draw">
          <DrawPanel />
        </PanelBoundary>
        <div className="column">
          <PanelBoundary name="the prediction" id="prediction">
            <PredictionPanel />
          </PanelBoundary>
          <PanelBoundary name="teaching" id="teach">
            <TeachBar />
          </PanelBoundary>
          <PanelBoundary name="the explanation" id="explain">
            <ExplainPanel />
          </PanelBoundary>
          <PanelBoundary name="the input preview" id="input">
            <InputPreview />
          </PanelBoundary>
        </div>
        <PanelBoundary name="the feature maps" id="maps">
          <FeatureMaps />
        </PanelBoundary>
        <PanelBoundary name="the map of all digits" id="embedding">
          <EmbeddingPanel />
        </PanelBoundary>
        <PanelBoundary name="your digits" id="mydigits">
          <MyDigits />
        </PanelBoundary>
        <PanelBoundary name="training" id="training">
          <TrainingPanel />
        </PanelBoundary>
        <PanelBoundary name="the model panel" id="model">
          <ModelPanel />
        </PanelBoundary>
        <PanelBoundary name="evaluation" id="evaluation">
          <EvaluationPanel />
        </PanelBoundary>
      </main>
    </div>
  );
}
