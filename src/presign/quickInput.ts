// One question of a quick-input flow, with a Back button: a QuickPick or an InputBox that resolves with the
// answer, BACK when the user goes back, or undefined when they cancel (Esc, focus lost). steps.ts chains them.
import * as vscode from 'vscode';
import { couldShow } from './typedMatch';

export const BACK = Symbol('back');
export type Answer<T> = T | typeof BACK | undefined;

export interface PickItem<T> extends vscode.QuickPickItem {
  readonly value?: T;
}

export interface PickOptions<T> {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
  readonly placeholder: string;
  readonly items: readonly PickItem<T>[];
  readonly active?: T;
  readonly canGoBack: boolean;
  /** Items to show for what is typed (e.g. "Use bucket “…”"), recomputed on every change. */
  readonly typed?: (value: string) => readonly PickItem<T>[];
  /** Loads more items in the background (busy indicator meanwhile); `signal` aborts when they are no longer wanted. */
  readonly load?: (value: string, signal: AbortSignal) => Promise<readonly PickItem<T>[]>;
  /** Reloads with `load` when the typed value changes (server-side completion), debounced. */
  readonly reloadOnType?: boolean;
  /** Called on accept for items without a value (e.g. "go up a folder"); returns items to show instead. */
  readonly onNavigate?: (item: PickItem<T>, value: string) => Promise<readonly PickItem<T>[] | undefined> | undefined;
}

export function pick<T>(o: PickOptions<T>): Promise<Answer<T>> {
  const qp = vscode.window.createQuickPick<PickItem<T>>();
  qp.title = o.title;
  qp.step = o.step;
  qp.totalSteps = o.totalSteps;
  qp.placeholder = o.placeholder;
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  qp.buttons = o.canGoBack ? [vscode.QuickInputButtons.Back] : [];
  let base: readonly PickItem<T>[] = o.items;
  let loadId = 0;
  let loading: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;
  const render = (): void => {
    const extra = o.typed?.(qp.value) ?? [];
    qp.items = [...extra, ...base];
    const active = o.active === undefined ? undefined : qp.items.find((i) => i.value === o.active);
    // What was typed ("6h", a new key) is what Enter takes: VS Code may otherwise leave no item active when
    // the items change under the typing, and Enter then does nothing.
    const first = extra[0] ?? active;
    if (first) qp.activeItems = [first];
  };
  const load = (value: string): void => {
    if (!o.load) return;
    const id = ++loadId;
    // A newer load, or the picker closing, cancels the request still running for an older one.
    loading?.abort();
    loading = new AbortController();
    qp.busy = true;
    o.load(value, loading.signal).then(
      (items) => {
        if (id !== loadId) return;
        base = [...o.items, ...items];
        qp.busy = false;
        render();
      },
      () => {
        if (id === loadId) qp.busy = false;
      },
    );
  };
  render();
  load('');
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: Answer<T>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      loading?.abort();
      resolve(result);
      qp.dispose();
    };
    qp.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish(BACK));
    qp.onDidChangeValue((value) => {
      render();
      if (o.reloadOnType) {
        clearTimeout(timer);
        timer = setTimeout(() => load(value), 250);
      }
    });
    qp.onDidAccept(async () => {
      const chosen = qp.selectedItems[0] ?? qp.activeItems[0];
      // Enter can arrive before the list has caught up with the typing: an item the typed text would filter
      // out was not on the screen, so what was typed is what the user means.
      const typed = o.typed?.(qp.value)[0];
      const item = chosen && (chosen.alwaysShow || couldShow(chosen, qp.value)) ? chosen : (typed ?? chosen);
      if (!item) return;
      if (item.value !== undefined) return finish(item.value);
      const next = await o.onNavigate?.(item, qp.value);
      if (next) {
        base = next;
        qp.value = '';
        render();
        load('');
      }
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

export interface InputOptions {
  readonly title: string;
  readonly step?: number;
  readonly totalSteps?: number;
  readonly prompt: string;
  readonly value?: string;
  readonly placeholder?: string;
  readonly validate?: (value: string) => string | undefined;
  readonly canGoBack: boolean;
}

export function input(o: InputOptions): Promise<Answer<string>> {
  const box = vscode.window.createInputBox();
  box.title = o.title;
  box.step = o.step;
  box.totalSteps = o.totalSteps;
  box.prompt = o.prompt;
  box.value = o.value ?? '';
  box.placeholder = o.placeholder;
  box.ignoreFocusOut = true;
  box.buttons = o.canGoBack ? [vscode.QuickInputButtons.Back] : [];
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: Answer<string>): void => {
      if (done) return;
      done = true;
      resolve(result);
      box.dispose();
    };
    box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish(BACK));
    box.onDidChangeValue((v) => (box.validationMessage = o.validate?.(v)));
    box.onDidAccept(() => {
      const problem = o.validate?.(box.value);
      if (problem) box.validationMessage = problem;
      else finish(box.value);
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}
