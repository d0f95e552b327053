import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
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

import { LanguageSelect } from './components/LanguageSelect.tsx';

export function App() {
  useEffect(() => startLab(), []);
  const { t } = useTranslation();
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
            LeNet Lab <span className="tagline">{t('header.tagline')}</span>
          </h1>
          <PanelBoundary name={t('panel.variant')} id="variant" inline>
            <VariantSwitch />
          </PanelBoundary>
          <PanelBoundary name={t('panel.status')} id="status" inline>
            <ModelStatus />
          </PanelBoundary>
          <OfflineStatus />
          <ShareLink />
          <LanguageSelect />
        </header>
      )}
      {phone && !embed && <SectionTabs current={section} onSelect={show} />}
      <main className="lab" aria-label={t('app.lab')}>
        <Section id="draw" phone={phone && !embed} current={section}>
          <Shown id="draw">
            <PanelBoundary name={t('panel.draw')} id="draw">
              <DrawPanel />
            </PanelBoundary>
          </Shown>
          <div className="column">
            <Shown id="prediction">
              <PanelBoundary name={t('panel.prediction')} id="prediction">
                <PredictionPanel />
              </PanelBoundary>
            </Shown>
            <Shown id="teach">
              <PanelBoundary name={t('panel.teach')} id="teach">
                <TeachBar />
              </PanelBoundary>
            </Shown>
            <Shown id="explain">
              <PanelBoundary name={t('panel.explain')} id="explain">
                <ExplainPanel />
              </PanelBoundary>
            </Shown>
            <Shown id="input">
              <PanelBoundary name={t('panel.input')} id="input">
                <InputPreview />
              </PanelBoundary>
            </Shown>
          </div>
        </Section>
        <Section id="inside" phone={phone && !embed} current={section}>
          <Shown id="maps">
            <PanelBoundary name={t('panel.maps')} id="maps">
              <FeatureMaps />
            </PanelBoundary>
          </Shown>
          <Shown id="embedding">
            <PanelBoundary name={t('panel.embedding')} id="embedding">
              <EmbeddingPanel />
            </PanelBoundary>
          </Shown>
        </Section>
        <Section id="mine" phone={phone && !embed} current={section}>
          <Shown id="mydigits">
            <PanelBoundary name={t('panel.mydigits')} id="mydigits">
              <MyDigits />
            </PanelBoundary>
          </Shown>
        </Section>
        <Section id="train" phone={phone && !embed} current={section}>
          <Shown id="training">
            <PanelBoundary name={t('panel.training')} id="training">
              <TrainingPanel />
            </PanelBoundary>
          </Shown>
          <Shown id="model">
            <PanelBoundary name={t('panel.model')} id="model">
              <ModelPanel />
            </PanelBoundary>
          </Shown>
        </Section>
        <Section id="evaluate" phone={phone && !embed} current={section}>
          <Shown id="evaluation">
            <PanelBoundary name={t('panel.evaluation')} id="evaluation">
              <EvaluationPanel />
            </PanelBoundary>
          </Shown>
        </Section>
      </main>
    </div>
  );
}
