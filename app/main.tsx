// Entry point: renders the app shell at once (status region included), then checks the session and
// registers the service worker.
import { render } from 'solid-js/web';
import { log } from './log.ts';
import { startServiceWorker } from './pwa/register.ts';
import { startSession } from './sync/session.ts';
import { App } from './ui/app.tsx';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
render(() => <App />, root);

startSession().catch((error: unknown) => log.error('session start failed', error));
startServiceWorker();
