// The shared look first, so each component's own stylesheet (imported beside it) comes after it.
import './ui/styles/base.css';
// The catalogues and the language, before the first render.
import './ui/i18n/index.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { startPwa } from './ui/pwa/register.ts';
import { applyInitialLink } from './ui/links/apply.ts';

applyInitialLink();
startPwa();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
