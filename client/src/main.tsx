import '@digital-go-jp/design-tokens/dist/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/person.css';
import './styles/messages.css';
import './styles/off-hours.css';
import './styles/on-call.css';
import './styles/plans.css';
import './styles/plan-records.css';
import './styles/liaison.css';
import './styles/device.css';
import './styles/directory.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { startAppShell } from './lib/app-shell.ts';
import './lib/i18n/index.ts';

startAppShell();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
