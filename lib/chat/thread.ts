/**
 * A conversation's messages form a tree: an edited message is a sibling of the one it replaces, a regenerated
 * reply a sibling of the old reply; both branches are kept. The conversation records the last message of the
 * branch shown (activeLeafId); the thread shown, and carried in the next request, is the path from the root to it.
 * Pure functions over the messages of one conversation, so they are tested without a database.
 */
import type { StoredMessage } from "../db/types";

type Node = Pick<StoredMessage, "id" | "parentId" | "createdAt">;

export interface Tree<M extends Node> {
  byId: Map<string, M>;
  /** Children of each message (key "" for first messages), oldest first. */
  children: Map<string, M[]>;
  parentOf(m: M): string | null;
}

/** Builds the tree. A row without parentId (written before v3) follows the message before it in time. */
export function buildTree<M extends Node>(messages: readonly M[]): Tree<M> {
  const sorted = [...messages].sort((a, b) => a.createdAt - b.createdAt);
  const byId = new Map(sorted.map((m) => [m.id, m]));
  const parents = new Map<string, string | null>();
  sorted.forEach((m, i) => {
    const p = m.parentId === undefined ? (sorted[i - 1]?.id ?? null) : m.parentId;
    // A parent that no longer exists (deleted elsewhere) makes the message a first message rather than lost.
    parents.set(m.id, p && byId.has(p) ? p : null);
  });
  const children = new Map<string, M[]>();
  for (const m of sorted) {
    const key = parents.get(m.id) ?? "";
    const list = children.get(key);
    if (list) list.push(m);
    else children.set(key, [m]);
  }
  return { byId, children, parentOf: (m) => parents.get(m.id) ?? null };
}

/** The newest leaf under a message, following the newest child at each step (where a switch to it lands). */
export function newestLeaf<M extends Node>(tree: Tree<M>, fromId: string | null): M | undefined {
  let cur = fromId ? tree.byId.get(fromId) : undefined;
  let kids = tree.children.get(fromId ?? "");
  while (kids?.length) {
    cur = kids.at(-1)!;
    kids = tree.children.get(cur.id);
  }
  return cur;
}

/** The thread shown: root to the active leaf (continued down its newest children if it is not a leaf any more).
 *  No or unknown leaf: the newest branch. */
export function threadOf<M extends Node>(tree: Tree<M>, activeLeafId?: string): M[] {
  const start = activeLeafId && tree.byId.has(activeLeafId) ? activeLeafId : null;
  const leaf = newestLeaf(tree, start);
  const path: M[] = [];
  for (let m = leaf; m; m = tree.byId.get(tree.parentOf(m) ?? "")) path.push(m);
  return path.reverse();
}

/**
 * The thread with a send's messages that IndexedDB does not have yet (the person's message and the reply's
 * placeholder, shown at once: the reply's first token must not wait for the write and the live query behind it).
 * They follow their parent, so the thread is cut there: an edit or a regenerate shows its new branch. Once the
 * database has them (`stored`, anywhere in the tree), the thread is the database's, whichever branch it shows.
 */
export function withPending<M extends Node>(thread: M[], pending: readonly M[] | undefined, stored: (id: string) => boolean): M[] {
  if (!pending?.length) return thread;
  const missing = pending.filter((m) => !stored(m.id));
  if (!missing.length) return thread;
  const parent = missing[0].parentId ?? null;
  const at = parent === null ? -1 : thread.findIndex((m) => m.id === parent);
  if (parent !== null && at === -1) return thread; // another conversation's, or a parent not shown
  return [...thread.slice(0, at + 1), ...missing];
}

/** A message's siblings (itself included, oldest first) and its place among them: the "‹ 2 / 3 ›" switcher. */
export function siblingsOf<M extends Node>(tree: Tree<M>, m: M): { list: M[]; index: number } {
  const list = tree.children.get(tree.parentOf(m) ?? "") ?? [m];
  return { list, index: list.findIndex((s) => s.id === m.id) };
}

/** A message and everything that follows it on any branch (what deleting it removes). */
export function subtreeIds<M extends Node>(tree: Tree<M>, id: string): string[] {
  const out: string[] = [];
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    out.push(cur);
    for (const c of tree.children.get(cur) ?? []) stack.push(c.id);
  }
  return out;
}

/** The messages a request carries before a new message placed under parentId: the path from the root to it. */
export function pathTo<M extends Node>(tree: Tree<M>, parentId: string | null): M[] {
  const path: M[] = [];
  for (let m = parentId ? tree.byId.get(parentId) : undefined; m; m = tree.byId.get(tree.parentOf(m) ?? "")) path.push(m);
  return path.reverse();
}
