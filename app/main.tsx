// Entry point: renders the app shell at once (status region included), then checks the session and
// registers the service worker.
import { render } from 'solid-js/web';
import { preloadDatabase } from './local-db/database.ts';
import { log } from './log.ts';
import { startServiceWorker } from './pwa/register.ts';
import { storedProfile } from './sync/profile-store.ts';
import { startSession } from './sync/session.ts';
import { App } from './ui/app.tsx';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// RxDB is a chunk of its own, outside the shell (vite.config.ts): a signed-in device needs it at once, so it
// loads beside the session check; on the login page it loads once the page is drawn.
if (storedProfile()) preloadDatabase();
render(() => <App />, root);
if (!storedProfile()) (globalThis.requestIdleCallback ?? setTimeout)(() => preloadDatabase());

startSession().catch((error: unknown) => log.error('session start failed', error));
startServiceWorker();
