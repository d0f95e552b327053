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

export function App() {
  useEffect(() => startLab(), []);
  return (
    <div className="app">
      <header className="top">
        <h1>
          LeNet Lab <span className="tagline">draw a digit, watch LeNet-5 read it</span>
        </h1>
        <VariantSwitch />
        <ModelStatus />
      </header>
      <main className="lab">
        <DrawPanel />
        <div className="column">
          <PredictionPanel />
          <InputPreview />
        </div>
        <FeatureMaps />
        <TrainingPanel />
        <ModelPanel />
        <EvaluationPanel />
      </main>
    </div>
  );
}
