// "/": sends each user where their work is — an operator to their open order (the one chosen on this
// device when there are several, else the chooser; the orders list with its history when none is open),
// everyone else to /zlecenia.
import { onMount } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { getDatabase } from '../../local-db/database.ts';
import { log } from '../../log.ts';
import { awaitFirstPull } from '../../sync/engine.ts';
import { keptDraft } from '../../sync/draft-store.ts';
import { currentUser } from '../../sync/session.ts';
import { landingFor, landingPath, openOrdersFor, rememberedOrder } from '../my-order.ts';
import { Loading } from '../components/guards.tsx';

// On a fresh device the orders and bindings arrive with the first pull; offline, the stored ones decide at once.
const FIRST_PULL_WAIT_MS = 5_000;

async function operatorLanding(userId: string): Promise<string> {
  const db = await getDatabase();
  // Signing in starts replication as soon as this same database has opened (sync/session.ts begin);
  // one task later it is running, so a fresh login does not decide on an empty device.
  await new Promise((resolve) => setTimeout(resolve, 0));
  await Promise.all([awaitFirstPull('orders', FIRST_PULL_WAIT_MS), awaitFirstPull('assignments', FIRST_PULL_WAIT_MS)]);
  const [orders, bindings] = await Promise.all([
    db.orders.find({ selector: { status: 'open' } }).exec(),
    db.assignments.find({ selector: { userId } }).exec(),
  ]);
  const open = openOrdersFor(orders, bindings).map((o) => o.id);
  return landingPath(landingFor(open, rememberedOrder(userId)));
}

async function landingPathOf(): Promise<string> {
  const user = currentUser();
  // Signed in again after a refused session: back to the form that was being filled in, typed data and all.
  const draft = user ? keptDraft(user.id) : null;
  if (draft) return draft.path;
  return user?.role === 'operator' ? operatorLanding(user.id) : '/zlecenia';
}

export function HomePage() {
  const navigate = useNavigate();
  onMount(() => {
    landingPathOf()
      .catch((error: unknown) => {
        log.warn('landing page lookup failed', error);
        return '/zlecenia';
      })
      .then((path) => navigate(path, { replace: true }));
  });
  return <Loading />;
}
