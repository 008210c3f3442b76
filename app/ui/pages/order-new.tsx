// /zlecenia/nowe: creates an order in the local database (works offline); replication sends it later.
import { createSignal, For } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { orderSchema } from '../../../schemas/entities/order.ts';
import { VOIVODESHIPS } from '../../../schemas/entities/polish-identifiers.ts';
import { t } from '../../i18n/i18n.ts';
import { getDatabase } from '../../local-db/database.ts';
import { createOrder } from '../../local-db/writes.ts';
import { currentUser } from '../../sync/session.ts';
import { announce } from '../components/announcer.tsx';
import { ErrorSummary, type FormProblem } from '../components/error-summary.tsx';
import { TextArea, TextField } from '../components/fields.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { problemsFromError } from '../form-problems.ts';

const LIMITS = {
  name: orderSchema.properties.name.maxLength,
  instructions: orderSchema.properties.instructions.maxLength,
  area: orderSchema.properties.area.maxLength,
};

export function NewOrderPage() {
  const navigate = useNavigate();
  const [name, setName] = createSignal('');
  const [instructions, setInstructions] = createSignal('');
  const [area, setArea] = createSignal('');
  const [voivodeships, setVoivodeships] = createSignal<string[]>([]);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [busy, setBusy] = createSignal(false);
  let summary: HTMLDivElement | undefined;

  const errorOf = (field: string) => problems().find((p) => p.field === field)?.message;
  const toggle = (code: string, on: boolean) =>
    setVoivodeships((current) => (on ? [...current, code] : current.filter((c) => c !== code)));

  function validate(): FormProblem[] {
    const found: FormProblem[] = [];
    const tooLong = (text: string, max: number) => [...text].length > max;
    if (!name().trim()) found.push({ field: 'order-name', message: t().errOrderName });
    else if (tooLong(name().trim(), LIMITS.name)) found.push({ field: 'order-name', message: t().errTooLong(LIMITS.name) });
    if (tooLong(instructions(), LIMITS.instructions)) {
      found.push({ field: 'order-instructions', message: t().errTooLong(LIMITS.instructions) });
    }
    if (tooLong(area().trim(), LIMITS.area)) found.push({ field: 'order-area', message: t().errTooLong(LIMITS.area) });
    return found;
  }

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const user = currentUser();
    if (busy() || !user) return;
    let found = validate();
    if (found.length === 0) {
      setBusy(true);
      try {
        const db = await getDatabase();
        // Stored in the checkbox order, which is TERYT order, whatever order they were ticked in.
        const codes = VOIVODESHIPS.map((v) => v.code).filter((code) => voivodeships().includes(code));
        const order = await createOrder(db, user, {
          name: name().trim(), instructions: instructions().trim(), area: area().trim(), voivodeships: codes,
        });
        announce(t().announceOrderCreated);
        navigate(`/zlecenie/${encodeURIComponent(order.id)}`);
        return;
      } catch (error) {
        found = problemsFromError(error);
      } finally {
        setBusy(false);
      }
    }
    setProblems(found);
    summary?.focus();
  }

  return (
    <>
      <ErrorSummary problems={problems()} ref={(el) => (summary = el)} />
      <PageHeading title={t().newOrderTitle} error={problems().length > 0} />
      <form class="form" novalidate onSubmit={(e) => void submit(e)}>
        <TextField id="order-name" label={t().orderName} hint={t().orderNameHint} value={name()} onInput={setName} error={errorOf('order-name')} required />
        <TextArea id="order-instructions" label={t().orderInstructions} hint={t().orderInstructionsHint} value={instructions()} onInput={setInstructions} error={errorOf('order-instructions')} rows={6} />
        <fieldset class="fieldset" aria-describedby="order-voivodeships-hint">
          <legend class="fieldset__legend">{t().orderVoivodeships}</legend>
          <p id="order-voivodeships-hint" class="field__hint">
            {t().orderVoivodeshipsHint}
          </p>
          <div class="checkboxes">
            <For each={VOIVODESHIPS}>
              {(v) => (
                <div class="checkbox">
                  <input
                    type="checkbox"
                    id={`voivodeship-${v.code}`}
                    class="checkbox__input"
                    value={v.code}
                    checked={voivodeships().includes(v.code)}
                    onChange={(e) => toggle(v.code, e.currentTarget.checked)}
                  />
                  <label class="checkbox__label" for={`voivodeship-${v.code}`}>
                    {v.name}
                  </label>
                </div>
              )}
            </For>
          </div>
        </fieldset>
        <TextField id="order-area" label={t().orderArea} hint={t().orderAreaHint} value={area()} onInput={setArea} error={errorOf('order-area')} />
        <button type="submit" class="button" aria-disabled={busy() ? 'true' : undefined}>
          {t().orderSubmit}
        </button>
      </form>
    </>
  );
}
