// /atrybuty/nowy and /atrybut/:id: the definition of a custom attribute. Validates on submit with the
// shared checks (GOV.UK error summary), writes through the local write path (works offline), and offers
// retiring: the attribute leaves new entry while its stored values and export column stay [P7, V6].
import { createEffect, createSignal, Show, untrack } from 'solid-js';
import { createStore, produce, reconcile } from 'solid-js/store';
import { A, useNavigate, useParams } from '@solidjs/router';
import { ATTRIBUTE_KINDS, hasChoices, type Attribute, type AttributeKind } from '../../../schemas/entities/attribute.ts';
import { message } from '../../../schemas/entities/messages.ts';
import { managesAttribute } from '../../../schemas/rules/permissions.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { getDatabase } from '../../local-db/database.ts';
import { createAttribute, editAttribute, type AttributeFields } from '../../local-db/writes.ts';
import { currentUser } from '../../sync/session.ts';
import {
  ATTRIBUTE_FIELD_IDS as IDS, changedFields, checkDraft, draftOf, emptyDraft, fieldsOf, mergeChoices, newChoiceKey,
  type AttributeDraft, type DraftIssue,
} from '../attribute-form-model.ts';
import { problemsFromError } from '../form-problems.ts';
import { actorNow } from '../managed-users.ts';
import { definesAttributes } from '../roles.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { announce } from '../components/announcer.tsx';
import { CheckboxField, RadioGroup } from '../components/choice-fields.tsx';
import { ChoicesEditor } from '../components/choices-editor.tsx';
import { ErrorSummary, type FormProblem } from '../components/error-summary.tsx';
import { TextField } from '../components/fields.tsx';
import { Loading } from '../components/guards.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { WithUserText } from '../components/user-text.tsx';

export function NewAttributePage() {
  return <AttributeForm id={null} />;
}

export function EditAttributePage() {
  const params = useParams<{ id: string }>();
  return <AttributeForm id={params.id} />;
}

function issueText(issue: DraftIssue): string {
  if (issue.code === 'attribute.kindRequired') return t().errAttrKind;
  if (issue.code === 'attribute.tooManyChoices') return t().errChoicesTooMany(issue.max ?? 0);
  if (issue.code === 'tooLong') return t().errTooLong(issue.max ?? 0);
  return message(issue.code, lang());
}

function AttributeForm(props: { id: string | null }) {
  const navigate = useNavigate();
  const db = useDatabase();
  const attribute = observe(() => (props.id ? db()?.attributes.findOne(props.id).$ : undefined));
  const [draft, setDraft] = createStore<AttributeDraft>(emptyDraft());
  // The definition as the form loaded it: only what differs from it is written.
  let saved: Attribute | null = null;
  const [ready, setReady] = createSignal(props.id === null);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [busy, setBusy] = createSignal(false);
  let summary: HTMLDivElement | undefined;

  createEffect(() => {
    if (ready() || !attribute.loaded()) return;
    const doc = untrack(attribute.value);
    if (doc) {
      saved = doc.toMutableJSON();
      setDraft(reconcile(draftOf(saved)));
    }
    setReady(true);
  });

  const live = () => attribute.value()?.toJSON() as Attribute | undefined;
  const mayEdit = () => {
    const actor = actorNow();
    if (!actor) return false;
    if (props.id === null) return definesAttributes(actor.role);
    const doc = live();
    return !!doc && managesAttribute(actor, { createdBy: doc.createdBy });
  };
  const title = () => (props.id === null ? t().newAttributeTitle : t().editAttributeTitle(live()?.label ?? ''));
  const errorOf = (field: string) => problems().find((p) => p.field === field)?.message;
  const kindOptions = () =>
    ATTRIBUTE_KINDS.map((kind) => ({ value: kind, label: t().attributeKinds[kind] ?? kind, hint: t().attributeKindHints[kind] }));

  function fail(found: FormProblem[]): void {
    setProblems(found);
    summary?.focus();
  }

  function addChoice(): string {
    const key = newChoiceKey(draft.choices.map((c) => c.key));
    setDraft('choices', (list) => [...list, { key, label: '', labelEn: '', retired: false, saved: false }]);
    return key;
  }

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const user = currentUser();
    if (busy() || !user || !mayEdit()) return;
    const issues = checkDraft(draft);
    if (issues.length > 0) return fail(issues.map((issue) => ({ field: issue.field, message: issueText(issue) })));
    setBusy(true);
    try {
      const database = await getDatabase();
      if (saved === null) {
        const fields = fieldsOf(draft, false);
        await createAttribute(database, user, draft.kind as AttributeKind, fields);
        announce(t().announceAttributeCreated(fields.label));
      } else {
        const initial = fieldsOf(draftOf(saved), saved.retired);
        // `retired` is written by its own button below, never from this form's copy.
        const next: AttributeFields = { ...fieldsOf(draft, saved.retired) };
        const changes = changedFields(initial, next);
        if (Object.keys(changes).length > 0) {
          const choicesChanged = 'choices' in changes;
          const written = await editAttribute(database, saved.id, (current) =>
            choicesChanged ? { ...changes, choices: mergeChoices(initial.choices, next.choices, current.choices) } : changes,
          );
          if (written === null) return fail([{ message: t().attributeNotFoundText }]);
        }
        announce(t().announceAttributeSaved(next.label));
      }
      navigate('/atrybuty');
    } catch (error) {
      fail(problemsFromError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Show when={ready()} fallback={<Loading />}>
      <Show when={props.id === null || live()} fallback={<AttributeMissing />}>
        <ErrorSummary problems={problems()} ref={(el) => (summary = el)} />
        <PageHeading title={title()} error={problems().length > 0}>
          <Show when={props.id !== null} fallback={title()}>
            <WithUserText template={t().editAttributeTitle} values={[live()?.label ?? '']} />
          </Show>
        </PageHeading>
        <p class="context">
          <A href="/atrybuty">{t().backToAttributes}</A>
        </p>
        <Show when={mayEdit()} fallback={<p class="notice notice--info">{props.id === null ? t().attributesNoAccess : t().attributeReadOnly}</p>}>
          <form class="form" novalidate onSubmit={(e) => void submit(e)}>
            <Show
              when={props.id === null}
              fallback={
                <div class="field">
                  <p class="field__label">{t().attrKindIs(t().attributeKinds[live()?.kind ?? ''] ?? '')}</p>
                  <p class="field__hint">{t().attrKindFixed}</p>
                </div>
              }
            >
              <RadioGroup id={IDS.kind} legend={t().attrKind} options={kindOptions()} value={draft.kind} error={errorOf(IDS.kind)}
                onInput={(kind) => setDraft('kind', kind as AttributeKind)} />
            </Show>
            <TextField id={IDS.label} label={t().attrLabel} hint={t().attrLabelHint} value={draft.label} onInput={(v) => setDraft('label', v)}
              error={errorOf(IDS.label)} required autocomplete="off" />
            <TextField id={IDS.labelEn} label={t().attrLabelEn} hint={t().attrLabelEnHint} value={draft.labelEn} lang="en"
              onInput={(v) => setDraft('labelEn', v)} error={errorOf(IDS.labelEn)} autocomplete="off" />
            <CheckboxField id={IDS.required} label={t().attrRequired} hint={t().attrRequiredHint} checked={draft.required}
              onInput={(on) => setDraft('required', on)} />
            <TextField id={IDS.hint} label={t().attrHint} hint={t().attrHintHint} value={draft.hint} onInput={(v) => setDraft('hint', v)}
              error={errorOf(IDS.hint)} autocomplete="off" />
            <TextField id={IDS.hintEn} label={t().attrHintEn} value={draft.hintEn} lang="en" onInput={(v) => setDraft('hintEn', v)}
              error={errorOf(IDS.hintEn)} autocomplete="off" />
            <Show when={draft.kind !== '' && hasChoices(draft.kind)}>
              <ChoicesEditor
                choices={draft.choices}
                errorOf={errorOf}
                onAdd={addChoice}
                onChange={(key, change) => setDraft('choices', (c) => c.key === key, produce((c) => Object.assign(c, change)))}
                onRemove={(key) => setDraft('choices', (list) => list.filter((c) => c.key !== key || c.saved))}
              />
            </Show>
            <button type="submit" class="button" aria-disabled={busy() ? 'true' : undefined}>
              {props.id === null ? t().attrSubmitNew : t().attrSubmitEdit}
            </button>
          </form>
          <Show when={live()}>{(doc) => <RetireSection attribute={doc()} />}</Show>
        </Show>
      </Show>
    </Show>
  );
}

/** "Wycofaj atrybut" / "Przywróć atrybut": written at once (only `retired`), whatever the form above holds. */
function RetireSection(props: { attribute: Attribute }) {
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal('');
  async function toggle(): Promise<void> {
    if (busy()) return;
    const retire = !props.attribute.retired;
    setBusy(true);
    try {
      await editAttribute(await getDatabase(), props.attribute.id, { retired: retire });
      setProblem('');
      announce((retire ? t().announceAttributeRetired : t().announceAttributeRestored)(props.attribute.label));
    } catch (error) {
      setProblem(problemsFromError(error)[0]?.message ?? t().saveFailed);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="page-end" aria-labelledby="retire-title">
      <h2 id="retire-title">{t().attrRetireTitle}</h2>
      <p>{t().attrRetireText}</p>
      <p class="order-status">{props.attribute.retired ? t().attrStateRetired : t().attrStateActive}</p>
      <Show when={problem()}>
        <p class="dialog__problem">{problem()}</p>
      </Show>
      <button type="button" class="button button--secondary" aria-disabled={busy() ? 'true' : undefined} onClick={() => void toggle()}>
        {props.attribute.retired ? t().attrRestore : t().attrRetire}
      </button>
    </section>
  );
}

function AttributeMissing() {
  return (
    <>
      <PageHeading title={t().attributeNotFound} />
      <p>{t().attributeNotFoundText}</p>
      <p>
        <A href="/atrybuty">{t().backToAttributes}</A>
      </p>
    </>
  );
}
