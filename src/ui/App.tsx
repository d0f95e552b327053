import { useEffect } from 'react';
import { startInference, type InferenceHooks } from './inference/controller.ts';
import { startTrainingClient } from './training/client.ts';
import { runtime } from './runtime.ts';
import { useAppStore } from './store/index.ts';
import { installTestHooks } from './test-hooks.ts';
import { TEST_MODE } from './env.ts';
import { ModelStatus } from './components/ModelStatus.tsx';
import { VariantSwitch } from './components/VariantSwitch.tsx';
import { DrawPanel } from './components/DrawPanel.tsx';
import { InputPreview } from './components/InputPreview.tsx';
import { PredictionPanel } from './components/PredictionPanel.tsx';
import { TrainingPanel } from './components/TrainingPanel.tsx';
import { ModelPanel } from './components/ModelPanel.tsx';
import { FeatureMaps } from './components/FeatureMaps.tsx';
import { EvaluationPanel } from './components/EvaluationPanel.tsx';
import { TeachBar } from './components/TeachBar.tsx';
import { MyDigits } from './components/MyDigits.tsx';

export function App() {
  useEffect(() => {
    // The worker trains the lab's model: whenever the lab switches model, the worker takes it over.
    const hooks: InferenceHooks = { onModelReplaced: () => {} };
    const inference = startInference(hooks);
    const training = startTrainingClient(inference.applyWeights, () => {
      const current = runtime.inference?.snapshot();
      if (current) hooks.onModelReplaced(current.snapshot, current.variant);
    });
    hooks.onModelReplaced = (snapshot, variant) => {
      useAppStore.getState().training.actions.setConfig({ variant });
      training.send({ type: 'load-weights', snapshot, variant }, snapshot.buffers);
    };
    runtime.inference = inference;
    runtime.training = training;
    const removeHooks = TEST_MODE ? installTestHooks(useAppStore.getState().drawing.session, training) : () => {};
    return () => {
      removeHooks();
      runtime.inference = runtime.training = null;
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
        <VariantSwitch />
        <ModelStatus />
      </header>
      <main className="lab">
        <DrawPanel />
        <div className="column">
          <PredictionPanel />
          <TeachBar />
          <InputPreview />
        </div>
        <FeatureMaps />
        <MyDigits />
        <TrainingPanel />
        <ModelPanel />
        <EvaluationPanel />
      </main>
    </div>
  );
}
