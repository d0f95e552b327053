import { useEffect } from 'react';
import { startInference } from './inference/controller.ts';
import { startTrainingClient, trainingClient } from './training/client.ts';
import { useAppStore } from './store/index.ts';
import { installTestHooks } from './test-hooks.ts';
import { TEST_MODE } from './env.ts';
import { ModelStatus } from './components/ModelStatus.tsx';
import { DrawPanel } from './components/DrawPanel.tsx';
import { InputPreview } from './components/InputPreview.tsx';
import { PredictionPanel } from './components/PredictionPanel.tsx';
import { TrainingPanel } from './components/TrainingPanel.tsx';

export function App() {
  useEffect(() => {
    const inference = startInference();
    const training = startTrainingClient(inference.applyWeights);
    trainingClient.current = training;
    const removeHooks = TEST_MODE ? installTestHooks(useAppStore.getState().drawing.session, training) : () => {};
    return () => {
      removeHooks();
      trainingClient.current = null;
      training.dispose();
      inference.stop();
    };
  }, []);
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
        <TrainingPanel />
      </main>
    </div>
  );
}
