import { useCallback, useEffect, useRef, useState } from 'react';
import { startLab } from './lab.ts';
import { useAppStore } from './store/index.ts';
import { usePhoneLayout, type SectionId } from './layout.ts';
import { Section, SectionTabs } from './components/SectionTabs.tsx';
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

export function App() {
  useEffect(() => startLab(), []);
  const embed = useAppStore((s) => s.links.embed);
  const phone = usePhoneLayout();
  const [section, setSection] = useState<SectionId>('draw');
  const sectionRef = useRef(section);
  const show = useCallback((id: SectionId) => {
    sectionRef.current = id;
    setSection(id);
    window.scrollTo(0, 0);
  }, []);
  // On a phone, a digit sent to the lab from another section (a mistake in the evaluation, one of
  // your digits) is shown where its answer is: the drawing section. The feature maps show it too.
  useEffect(() => {
    if (!phone) return;
    const session = useAppStore.getState().drawing.session;
    return session.subscribe((change) => {
      if (change === 'reset' && session.image && sectionRef.current !== 'draw' && sectionRef.current !== 'inside') show('draw');
    });
  }, [phone, show]);
  const classes = ['app', phone ? 'phone' : '', embed ? 'embed' : ''].filter(Boolean).join(' ');
  return (
    <div className={classes} data-layout={phone ? 'phone' : 'desktop'}>
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
      {phone && !embed && <SectionTabs current={section} onSelect={show} />}
      <main className="lab" aria-label="The lab">
        <Section id="draw" phone={phone && !embed} current={section}>
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
        </Section>
        <Section id="inside" phone={phone && !embed} current={section}>
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
        </Section>
        <Section id="mine" phone={phone && !embed} current={section}>
          <Shown id="mydigits">
            <PanelBoundary name="your digits" id="mydigits">
              <MyDigits />
            </PanelBoundary>
          </Shown>
        </Section>
        <Section id="train" phone={phone && !embed} current={section}>
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
        </Section>
        <Section id="evaluate" phone={phone && !embed} current={section}>
          <Shown id="evaluation">
            <PanelBoundary name="evaluation" id="evaluation">
              <EvaluationPanel />
            </PanelBoundary>
          </Shown>
        </Section>
      </main>
    </div>
  );
}
