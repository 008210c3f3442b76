// "Moje zlecenie": which orders are open for an operator, where the landing page sends them, and the
// order they chose on this device (remembered per user, used while it stays open for them).

/** An order as the landing decision needs it. */
export interface OrderState {
  id: string;
  status: string;
}

/** The user's own binding to an order. */
export interface OwnBinding {
  orderId: string;
  closed: boolean;
}

/** The orders open for the user: not closed definitively, and bound to them without a per-user close. */
export function openOrdersFor<T extends OrderState>(orders: readonly T[], bindings: readonly OwnBinding[]): T[] {
  const open = new Set(bindings.filter((b) => !b.closed).map((b) => b.orderId));
  return orders.filter((o) => o.status === 'open' && open.has(o.id));
}

export type Landing = { to: 'order'; orderId: string } | { to: 'chooser' } | { to: 'orders' };

/**
 * One open order: that order. Several: the one chosen earlier on this device while it is still
 * open for them, else the chooser. None: the orders page, where the closed ones are in the history.
 */
export function landingFor(openIds: readonly string[], remembered: string | null): Landing {
  if (openIds.length === 1) return { to: 'order', orderId: openIds[0]! };
  if (openIds.length === 0) return { to: 'orders' };
  if (remembered !== null && openIds.includes(remembered)) return { to: 'order', orderId: remembered };
  return { to: 'chooser' };
}

export const orderPath = (orderId: string): string => `/zlecenie/${encodeURIComponent(orderId)}`;
export const CHOOSER_PATH = '/moje-zlecenie';

export function landingPath(landing: Landing): string {
  if (landing.to === 'order') return orderPath(landing.orderId);
  return landing.to === 'chooser' ? CHOOSER_PATH : '/zlecenia';
}

// Per user id, so a tablet shared by two operators remembers each one's choice. Only an order id:
// nothing collected is kept outside the database that a refused session wipes.
const storageKey = (userId: string) => `kartoteka.myOrder.${userId}`;

/** The order this user chose on this device, or null (none yet, or storage blocked). */
export function rememberedOrder(userId: string): string | null {
  try {
    return localStorage.getItem(storageKey(userId));
  } catch {
    return null;
  }
}

export function rememberOrder(userId: string, orderId: string): void {
  try {
    localStorage.setItem(storageKey(userId), orderId);
  } catch {
    // Not remembered: the chooser asks again next time, nothing else is lost.
  }
}
