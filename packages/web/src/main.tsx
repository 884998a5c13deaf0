import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyTheme, readTheme } from './app/theme';
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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
