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
import { ShareLink } from './links/ShareLink.tsx';
import { LinkNotice } from './links/LinkNotice.tsx';
import { Shown } from './links/Shown.tsx';
import { useAppStore } from './store/index.ts';

export function App() {
  useEffect(() => startLab(), []);
  const embed = useAppStore((s) => s.links.embed);
  return (
    <div className={embed ? 'app embed' : 'app'}>
      <LinkNotice />
      {!embed && (
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
          <ShareLink />
        </header>
      )}
      <main className="lab">
        <Shown id="draw">
          <PanelBoundary name="the drawing pad" id="draw">
            <DrawPanel />
          </PanelBoundary>
        </Shown>
        <div className="column">
          <Shown id="prediction">
            <PanelBoundary name="the prediction" id="prediction">
              <PredictionPanel />
            </PanelBoundary>
          </Shown>
          <Shown id="teach">
            <PanelBoundary name="teaching" id="teach">
              <TeachBar />
            </PanelBoundary>
          </Shown>
          <Shown id="explain">
            <PanelBoundary name="the explanation" id="explain">
              <ExplainPanel />
            </PanelBoundary>
          </Shown>
          <Shown id="input">
            <PanelBoundary name="the input preview" id="input">
              <InputPreview />
            </PanelBoundary>
          </Shown>
        </div>
        <Shown id="maps">
          <PanelBoundary name="the feature maps" id="maps">
            <FeatureMaps />
          </PanelBoundary>
        </Shown>
        <Shown id="embedding">
          <PanelBoundary name="the map of all digits" id="embedding">
            <EmbeddingPanel />
          </PanelBoundary>
        </Shown>
        <Shown id="mydigits">
          <PanelBoundary name="your digits" id="mydigits">
            <MyDigits />
          </PanelBoundary>
        </Shown>
        <Shown id="training">
          <PanelBoundary name="training" id="training">
            <TrainingPanel />
          </PanelBoundary>
        </Shown>
        <Shown id="model">
          <PanelBoundary name="the model panel" id="model">
            <ModelPanel />
          </PanelBoundary>
        </Shown>
        <Shown id="evaluation">
          <PanelBoundary name="evaluation" id="evaluation">
            <EvaluationPanel />
          </PanelBoundary>
        </Shown>
      </main>
    </div>
  );
}
