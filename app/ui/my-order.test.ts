// Where an operator lands after signing in: their one open order, the remembered one, the chooser, or the list.
import { describe, expect, test } from 'vitest';
import { landingFor, landingPath, openOrdersFor } from './my-order.ts';

describe('openOrdersFor', () => {
  const orders = [
    { id: 'a', status: 'open' },
    { id: 'b', status: 'open' },
    { id: 'c', status: 'closed' },
    { id: 'd', status: 'open' },
  ];

  test('keeps open orders bound to the user and not closed for them', () => {
    const bindings = [
      { orderId: 'a', closed: false },
      { orderId: 'b', closed: true },
      { orderId: 'c', closed: false },
    ];
    expect(openOrdersFor(orders, bindings).map((o) => o.id)).toEqual(['a']);
  });

  test('an order on the device without a binding of the user is not theirs', () => {
    expect(openOrdersFor(orders, [])).toEqual([]);
  });
});

describe('landingFor', () => {
  test('one open order: straight to it, whatever was remembered', () => {
    expect(landingFor(['a'], 'b')).toEqual({ to: 'order', orderId: 'a' });
  });

  test('several: the remembered one while it is still open for them', () => {
    expect(landingFor(['a', 'b'], 'b')).toEqual({ to: 'order', orderId: 'b' });
  });

  test('several and nothing remembered, or the remembered one closed since: the chooser', () => {
    expect(landingFor(['a', 'b'], null)).toEqual({ to: 'chooser' });
    expect(landingFor(['a', 'b'], 'c')).toEqual({ to: 'chooser' });
  });

  test('none open: the orders page with the history', () => {
    expect(landingFor([], 'a')).toEqual({ to: 'orders' });
  });

  test('paths', () => {
    expect(landingPath({ to: 'order', orderId: 'x y' })).toBe('/zlecenie/x%20y');
    expect(landingPath({ to: 'chooser' })).toBe('/moje-zlecenie');
    expect(landingPath({ to: 'orders' })).toBe('/zlecenia');
  });
});
