// What both decoder pages (a URL's, main.ts; a POST form's, post.ts) build their DOM with. Everything
// derived from what was decoded reaches the DOM through text nodes (el() below), never through innerHTML.
import type { FindingView } from '../../src/decoder/protocol';

export type Child = Node | string | undefined | false;

/** An element with attributes and children; strings become text nodes. */
export function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) if (child !== undefined && child !== false) node.append(child);
  return node;
}

export const icon = (name: string): HTMLElement =>
  el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });

export function button(label: string, codicon: string, onClick: () => void, title?: string): HTMLElement {
  const b = el('button', { type: 'button', ...(title ? { title } : {}) }, icon(codicon), ` ${label}`);
  b.addEventListener('click', onClick);
  return b;
}

export const withId = (id: string, element: HTMLElement): HTMLElement => {
  element.id = id;
  return element;
};

/** Empties a result area and shows the error in it, if any; returns the area when a result is to be drawn. */
export function resultArea(id: string, error: string | undefined): HTMLElement | undefined {
  const out = document.getElementById(id);
  if (!out) return undefined;
  out.replaceChildren();
  if (!error) return out;
  out.append(el('p', { class: 'verdict error' }, icon('error'), ` ${error}`));
  return undefined;
}

export const SEVERITY_ICONS: Record<string, string> = { error: 'error', warning: 'warning', info: 'info', ok: 'pass' };

export function explanations(list: readonly { code: string; message: string }[]): HTMLElement {
  return el(
    'ul',
    { class: 'explanations' },
    ...list.map((e) => el('li', {}, el('span', { class: 'badge' }, e.code), ` ${e.message}`)),
  );
}

/** The findings, grouped by severity, each with its code, message and fix. */
export function findingsSection(findings: readonly FindingView[]): HTMLElement {
  const bySeverity = (['error', 'warning', 'info'] as const)
    .map((severity) => ({ severity, list: findings.filter((f) => f.severity === severity) }))
    .filter((g) => g.list.length > 0);
  return el(
    'section',
    { id: 'findings', 'aria-label': 'Findings' },
    el('h2', {}, `Findings (${findings.length})`),
    findings.length === 0 ? el('p', { class: 'none' }, 'Nothing to flag.') : undefined,
    ...bySeverity.map((g) =>
      el(
        'div',
        { class: `group ${g.severity}` },
        el(
          'h3',
          {},
          icon(SEVERITY_ICONS[g.severity]!),
          ` ${g.severity === 'error' ? 'Errors' : g.severity === 'warning' ? 'Warnings' : 'Information'}`,
        ),
        el(
          'ul',
          {},
          ...g.list.map((f) =>
            el(
              'li',
              { class: `finding ${f.severity}`, 'data-code': f.code },
              el('span', { class: 'badge' }, f.code),
              ` ${f.message}`,
              el('div', { class: 'fix' }, `Fix: ${f.fix}`),
            ),
          ),
        ),
      ),
    ),
  );
}
