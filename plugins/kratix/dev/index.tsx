import { createApp } from '@backstage/frontend-defaults';
import appPlugin from '@backstage/plugin-app';
import ReactDOM from 'react-dom/client';

import plugin from '../src/alpha';

// A dev app of our own rather than @backstage/frontend-dev-utils' createDevApp: its newest release (0.1.6) is typed
// for @backstage/frontend-plugin-api 0.18, and this plugin is built on 1.0. As createDevApp does, no sign-in page.
const app = createApp({
  features: [
    appPlugin.withOverrides({
      extensions: [
        appPlugin.getExtension('sign-in-page:app').override({ disabled: true }),
      ],
    }),
    plugin,
  ],
});

ReactDOM.createRoot(document.getElementById('root')!).render(app.createRoot());
