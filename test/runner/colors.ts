// Colours as a reader gets them, for the accessibility tests: the text and background a page paints
// (read from computed styles, in the workbench or in a webview), and WCAG 2's contrast ratio between them.
// https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio — AA asks 4.5:1 for text, 3:1 for icons (1.4.11).

/** A piece of text (or an icon glyph) as painted: its colour and the backgrounds under it, innermost first. */
export interface PaintedText {
  readonly text: string;
  readonly color: string;
  /** Background colours from the element outwards, up to the first opaque one. */
  readonly layers: readonly string[];
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export interface PaintedQuery {
  readonly selector: string;
  /** Read an element's `::before` (a decoration's text, an icon's glyph) instead of its own text. */
  readonly pseudo?: '::before' | '::after';
}

/** The little of the DOM paintedTexts reads (this project compiles without the DOM library). */
interface PageElement {
  readonly childNodes: ArrayLike<{ readonly nodeType: number; readonly textContent: string | null }>;
  readonly parentElement: PageElement | null;
  getBoundingClientRect(): { left: number; right: number; top: number; bottom: number; width: number };
}
interface PageWindow {
  readonly document: { querySelectorAll(selector: string): ArrayLike<PageElement> };
  getComputedStyle(
    element: PageElement,
    pseudo: string | null,
  ): { content: string; color: string; backgroundColor: string; visibility: string };
}

/**
 * Runs in the page (self-contained: Playwright sends its source). Elements matching the selector that show
 * text of their own (a text node child, or the pseudo-element's content), with colours as computed.
 */
export function paintedTexts(query: PaintedQuery): PaintedText[] {
  const page = globalThis as unknown as PageWindow;
  const TEXT_NODE = 3;
  const out: PaintedText[] = [];
  for (const el of Array.from(page.document.querySelectorAll(query.selector))) {
    const style = page.getComputedStyle(el, query.pseudo ?? null);
    const own = Array.from(el.childNodes)
      .filter((n) => n.nodeType === TEXT_NODE)
      .map((n) => n.textContent ?? '')
      .join('')
      .trim();
    const content = style.content.replace(/^"|"$/g, '');
    const text = query.pseudo ? (content === 'none' || content === 'normal' ? '' : content) : own;
    const box = el.getBoundingClientRect();
    if (!text || box.width === 0 || style.visibility === 'hidden') continue;
    const layers: string[] = query.pseudo ? [style.backgroundColor] : [];
    for (let node: PageElement | null = el; node; node = node.parentElement) {
      const background = page.getComputedStyle(node, null).backgroundColor;
      layers.push(background);
      if (background.startsWith('rgb(')) break;
    }
    out.push({ text, color: style.color, layers, left: box.left, right: box.right, top: box.top, bottom: box.bottom });
  }
  return out;
}

type Rgba = readonly [number, number, number, number];

/** `rgb(…)`, `rgba(…)` or `color(srgb …)` as computed styles give them; channels 0–255, alpha 0–1. */
export function parseColor(css: string): Rgba {
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+))?\s*\)$/.exec(css);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
  const srgb = /^color\(srgb\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(?:\s*\/\s*([\d.]+))?\s*\)$/.exec(css);
  if (srgb) {
    const [, r, g, b, a] = srgb;
    return [Number(r) * 255, Number(g) * 255, Number(b) * 255, a === undefined ? 1 : Number(a)];
  }
  throw new Error(`not a colour this reads: ${css}`);
}

/** `top` painted over the opaque `bottom`. */
function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i]! * a + bottom[i]! * (1 - a)).concat(1) as unknown as Rgba;
}

/** The opaque colour the layers paint, innermost first (the outermost must be opaque). */
export function composite(layers: readonly string[]): Rgba {
  const parsed = layers.map(parseColor);
  const base = parsed[parsed.length - 1];
  if (!base || base[3] < 1) throw new Error(`no opaque background under ${layers.join(' over ')}`);
  return parsed.slice(0, -1).reduceRight((below, layer) => over(layer, below), base);
}

function luminance([r, g, b]: Rgba): number {
  const linear = (c: number): number => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio (1 to 21) of the text over what is under it, the text's own alpha blended in. */
export function contrastRatio(painted: Pick<PaintedText, 'color' | 'layers'>): number {
  const background = composite(painted.layers);
  const text = over(parseColor(painted.color), background);
  const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
