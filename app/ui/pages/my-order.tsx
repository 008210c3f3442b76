// /moje-zlecenie: an operator with several open orders chooses the one they work on now; this device
// remembers the choice (per user) and the landing page opens it until it closes for them.
import { createMemo, createSignal, For, Show } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import type { Order } from '../../../schemas/entities/order.ts';
import { t } from '../../i18n/i18n.ts';
import { currentUser } from '../../sync/session.ts';
import { nameCollator } from '../format.ts';
import { openOrdersFor, orderPath, rememberedOrder, rememberOrder } from '../my-order.ts';
import { usePageProblems } from '../page-problems.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Loading } from '../components/guards.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { Territory } from '../components/territory.tsx';
import { UserText } from '../components/user-text.tsx';

// The error summary links to the first radio button, as GOV.UK does for a group.
const FIELD = 'my-order';

export function MyOrderPage() {
  const db = useDatabase();
  const page = usePageProblems();
  const navigate = useNavigate();
  const userId = () => currentUser()?.id ?? '';
  const orders = observe(() => db()?.orders.find({ selector: { status: 'open' } }).$);
  const bindings = observe(() => (userId() ? db()?.assignments.find({ selector: { userId: userId() } }).$ : undefined));
  const open = createMemo(() =>
    openOrdersFor(
      (orders.value() ?? []).map((doc) => doc.toJSON() as Order),
      bindings.value() ?? [],
    ).sort((a, b) => nameCollator.compare(a.name, b.name)),
  );
  const remembered = rememberedOrder(userId());
  const [chosen, setChosen] = createSignal(remembered ?? '');
  const error = () => page.errorOf(FIELD);

  function submit(event: SubmitEvent): void {
    event.preventDefault();
    const order = open().find((o) => o.id === chosen());
    if (!order) return void page.report([{ field: FIELD, message: t().errMyOrderChoose }]);
    rememberOrder(userId(), order.id);
    page.clear();
    navigate(orderPath(order.id));
  }


  return (
    <>
      <ErrorSummary problems={page.problems()} ref={page.summaryRef} />
      <PageHeading title={t().myOrderTitle} error={page.problems().length > 0} />
      <Show when={orders.loaded() && bindings.loaded()} fallback={<Loading />}>
        <Show
          when={open().length > 0}
          fallback={
            <>
              <p>{t().myOrderNone}</p>
              <p>
                <A href="/zlecenia">{t().backToOrders}</A>
              </p>
            </>
          }
        >
          <p>{t().myOrderIntro}</p>
          <form class="form" novalidate onSubmit={submit}>
            <fieldset class="fieldset" classList={{ 'field--error': !!error() }} aria-describedby={error() ? `${FIELD}-error` : undefined}>
              <legend class="fieldset__legend">{t().myOrderLegend}</legend>
              <Show when={error()}>
                <p id={`${FIELD}-error`} class="field__error">
                  <span class="visually-hidden">{t().errorInlinePrefix}</span> {error()}
                </p>
              </Show>
              <div class="radios">
                <For each={open()}>
                  {(order, index) => {
                    const id = () => (index() === 0 ? FIELD : `${FIELD}-${order.id}`);
                    return (
                      <div class="radio">
                        <input
                          type="radio"
                          name={FIELD}
                          id={id()}
                          class="radio__input"
                          value={order.id}
                          checked={chosen() === order.id}
                          aria-describedby={`${id()}-hint`}
                          onChange={(e) => e.currentTarget.checked && setChosen(order.id)}
                        />
                        <label class="radio__label" for={id()}>
                          <UserText>{order.name}</UserText>
                        </label>
                        <p id={`${id()}-hint`} class="field__hint radio__hint">
                          <Territory voivodeships={order.voivodeships} area={order.area} separator=" – " />
                        </p>
                      </div>
                    );
                  }}
                </For>
              </div>
            </fieldset>
            <button type="submit" class="button">
              {t().myOrderSubmit}
            </button>
          </form>
        </Show>
      </Show>
    </>
  );
}
