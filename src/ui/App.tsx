import { useEffect } from 'react';
import { startInference } from './inference/controller.ts';
import { ModelStatus } from './components/ModelStatus.tsx';
import { DrawPanel } from './components/DrawPanel.tsx';
import { InputPreview } from './components/InputPreview.tsx';
import { PredictionPanel } from './components/PredictionPanel.tsx';

export function App() {
  useEffect(() => startInference(), []);
  return (
    <div className="app">
      <header className="top">
        <h1>
          LeNet Lab <span className="tagline">draw a digit, watch LeNet-5 read it</span>
        </h1>
        <ModelStatus />
      </header>
      <main className="lab">
        <DrawPanel />
        <div className="column">
          <PredictionPanel />
          <InputPreview />
        </div>
      </main>
    </div>
  );
}
