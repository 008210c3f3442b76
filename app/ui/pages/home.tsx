// "/": sends each user where their work is — an operator to their one open order, everyone else to /zlecenia.
import { onMount } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { getDatabase } from '../../local-db/database.ts';
import { log } from '../../log.ts';
import { awaitFirstPull } from '../../sync/engine.ts';
import { currentUser } from '../../sync/session.ts';
import { Loading } from '../components/guards.tsx';

// On a fresh device the orders arrive with the first pull; offline, the stored ones decide at once.
const FIRST_PULL_WAIT_MS = 5_000;

async function landingPath(): Promise<string> {
  if (currentUser()?.role !== 'operator') return '/zlecenia';
  await awaitFirstPull('orders', FIRST_PULL_WAIT_MS);
  const db = await getDatabase();
  const open = await db.orders.find({ selector: { status: 'open' } }).exec();
  return open.length === 1 ? `/zlecenie/${encodeURIComponent(open[0].id)}` : '/zlecenia';
}

export function HomePage() {
  const navigate = useNavigate();
  onMount(() => {
    landingPath()
      .catch((error: unknown) => {
        log.warn('landing page lookup failed', error);
        return '/zlecenia';
      })
      .then((path) => navigate(path, { replace: true }));
  });
  return <Loading />;
}
