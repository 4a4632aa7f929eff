// Waiting on state, never on time: a condition checked until it holds (until(), from test/runner/wait.ts,
// within a budget that holds on a loaded 2-core machine), and the notification centre, where the test build
// puts notifications it does not show as toasts.
import * as vscode from 'vscode';
import { ui } from './harness';

export { until } from '../runner/wait';

/** A notification's item in the notification centre, by a piece of its text. */
const notificationItem = (text: string): string =>
  `.notifications-center .notification-list-item:has-text(${JSON.stringify(text)})`;

/** Opens the notification centre and returns the text of the notification that says `text`. */
export async function notification(text: string): Promise<string> {
  await vscode.commands.executeCommand('notifications.showList');
  return ui.text(notificationItem(text));
}

/** Clicks a button of the notification that says `text`, in the notification centre. */
export async function clickNotificationButton(text: string, button: string): Promise<void> {
  await vscode.commands.executeCommand('notifications.showList');
  await ui.click(`${notificationItem(text)} .monaco-button:has-text(${JSON.stringify(button)})`);
}

/** Empties and closes the notification centre. */
export async function clearNotifications(): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
  await vscode.commands.executeCommand('notifications.hideList');
}

/**
 * Leaves the workbench as a UI-driven test found it: no quick input left open (a failed step would leave
 * one, and every later test would type into it), no notification.
 */
export async function closeWhatATestOpened(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  await clearNotifications();
}

/** After a UI-driven test that failed: what the workbench showed, as test-results/failed-<title>.png. */
export async function screenshotIfFailed(test: Mocha.Test | undefined): Promise<void> {
  if (test?.state === 'failed' && ui.available) await ui.screenshot(`failed-${test.title}`).catch(() => undefined);
}
