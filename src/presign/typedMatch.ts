// Whether an item of a quick pick can be on screen for what is typed: Enter can reach the extension before
// the list has caught up with the typing, and an item the text would filter out is then not what the user
// chose. Plain code (a type import only), so that plain Node tests read it.
import type * as vscode from 'vscode';

/**
 * Whether a quick pick filtering on `value` could show `item`: each character typed (spaces aside) appears
 * in order in its label or description, icons left out. VS Code's fuzzy match shows no item this refuses.
 * Linear in the lengths.
 */
export function couldShow(item: vscode.QuickPickItem, value: string): boolean {
  const wanted = value.replace(/\s+/g, '').toLowerCase();
  const text = `${item.label} ${item.description ?? ''}`.replace(/\$\([\w-]+\)/g, '').toLowerCase();
  let at = 0;
  for (const c of wanted) {
    at = text.indexOf(c, at) + 1;
    if (at === 0) return false;
  }
  return true;
}
