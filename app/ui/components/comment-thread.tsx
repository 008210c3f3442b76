// A record's comment thread: every comment oldest first with its author and Warsaw time, and a form to
// add one. Append-only (a correction is a new comment), read and written offline like everything else;
// shown on screen, its comments count as read for the unread counts on lists.
import { createEffect, createMemo, createSignal, For, Show } from 'solid-js';
import type { Comment } from '../../../schemas/entities/comment.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { addComment } from '../../local-db/comments.ts';
import { getDatabase } from '../../local-db/database.ts';
import { currentActor } from '../../local-db/membership.ts';
import { currentUser } from '../../sync/session.ts';
import { markThreadRead } from '../attention.ts';
import { authorOf, checkCommentText, commentBlock, type AuthorLabel, type CommentBlock } from '../comment-model.ts';
import { formatDateTime } from '../format.ts';
import { problemsFromError } from '../form-problems.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { announce } from './announcer.tsx';
import { ErrorSummary, type FormProblem } from './error-summary.tsx';
import { TextArea } from './fields.tsx';
import { polishLang, UserText } from './user-text.tsx';

const TEXT_ID = 'comment-text';

export function CommentThread(props: { recordId: string }) {
  const db = useDatabase();
  const record = observe(() => db()?.clients.findOne(props.recordId).$);
  const orderId = createMemo(() => record.value()?.orderId);
  const order = observe(() => {
    const id = orderId();
    return id ? db()?.orders.findOne(id).$ : undefined;
  });
  const comments = observe(() =>
    db()?.comments.find({ selector: { recordId: props.recordId }, sort: [{ createdAt: 'asc' }, { id: 'asc' }] }).$,
  );
  const users = observe(() => db()?.users.find().$);
  const names = createMemo(() => new Map((users.value() ?? []).map((u) => [u.id, u.name])));

  const list = (): Comment[] => (comments.value() ?? []).map((doc) => doc.toJSON() as Comment);

  // On screen means read: every comment shown (and each one arriving while it is shown) [unread counts].
  createEffect(() => {
    const shown = list();
    if (shown.length > 0 && document.visibilityState !== 'hidden') markThreadRead(props.recordId, shown);
  });

  const block = (): CommentBlock | null => {
    const doc = record.value();
    if (!doc) return 'no-right';
    return commentBlock(currentActor(), { id: doc.id, orderId: doc.orderId, ownerId: doc.ownerId }, order.value()?.status);
  };

  const authorText = (label: AuthorLabel): string =>
    label.kind === 'name' ? label.name : label.kind === 'self' ? t().commentYou : label.kind === 'verifier' ? t().commentVerifier : t().commentOther;

  return (
    <section class="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">{t().commentsTitle}</h2>
      <Show when={comments.loaded()}>
        <Show when={list().length > 0} fallback={<p>{t().commentsNone}</p>}>
          <ol class="comments__list">
            <For each={list()}>
              {(comment) => {
                const label = () =>
                  authorOf(comment.authorId, { me: currentUser()?.id ?? '', names: names(), verifierId: record.value()?.verification.verifierId ?? '' });
                return (
                  <li class="comment">
                    <p class="comment__meta">
                      <Show when={label().kind === 'name'} fallback={<strong>{authorText(label())}</strong>}>
                        <UserText as="strong">{authorText(label())}</UserText>
                      </Show>
                      {', '}
                      <time datetime={new Date(comment.createdAt).toISOString()}>{formatDateTime(comment.createdAt, lang())}</time>
                    </p>
                    <UserText as="p" class="comment__text">
                      {comment.text}
                    </UserText>
                  </li>
                );
              }}
            </For>
          </ol>
        </Show>
      </Show>
      <Show when={record.loaded() && order.loaded()}>
        <Show when={block() === null} fallback={<p class="comments__blocked">{blockText(block())}</p>}>
          <CommentForm recordId={props.recordId} />
        </Show>
      </Show>
    </section>
  );
}

function blockText(block: CommentBlock | null): string {
  if (block === 'order-closed') return t().commentOrderClosed;
  if (block === 'closed-for-you') return t().commentClosedForYou;
  return t().commentNoRight;
}

/** Validates on submit (GOV.UK): an empty or too long comment gets a summary and an inline error; nothing typed is cleared. */
function CommentForm(props: { recordId: string }) {
  const [text, setText] = createSignal('');
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [busy, setBusy] = createSignal(false);
  let summary: HTMLDivElement | undefined;

  const fail = (found: FormProblem[]) => {
    setProblems(found);
    summary?.focus();
  };

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    const problem = checkCommentText(text());
    if (problem) return fail([{ field: TEXT_ID, message: problem.code === 'empty' ? t().commentEmpty : t().commentTooLong(problem.length) }]);
    const user = currentUser();
    if (!user) return;
    setBusy(true);
    try {
      const database = await getDatabase();
      const record = await database.clients.findOne(props.recordId).exec();
      if (!record) return fail([{ message: t().recordNotFoundText }]);
      await addComment(database, user, record, text());
    } catch (error) {
      return fail(problemsFromError(error));
    } finally {
      setBusy(false);
    }
    setProblems([]);
    setText('');
    announce(t().commentAdded);
  }

  return (
    <form class="form comments__form" novalidate onSubmit={(e) => void submit(e)}>
      <ErrorSummary problems={problems()} ref={(el) => (summary = el)} />
      <TextArea id={TEXT_ID} label={t().commentLabel} hint={t().commentHint} error={problems().find((p) => p.field === TEXT_ID)?.message}
        value={text()} onInput={setText} rows={3} lang={polishLang()} />
      <div class="button-row">
        <button type="submit" class="button" aria-disabled={busy() ? 'true' : undefined}>
          {t().commentAdd}
        </button>
      </div>
    </form>
  );
}
