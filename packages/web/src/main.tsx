import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyTheme, readTheme } from './app/theme';
import { startLanguage } from './i18n';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/pages.css';
import './styles/workspace.css';
import './styles/admin.css';
import './styles/calls.css';
import './styles/theme.css';
import './styles/phone.css';

// The chosen theme before the first paint (no light flash for a dark choice).
applyTheme(readTheme(), false);

// The language's catalog before the first render (no English flash for a German reader).
void startLanguage().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
