// The accessibility tests' arithmetic: WCAG 2 contrast of text over layered, partly transparent backgrounds.
import * as assert from 'node:assert/strict';
import { composite, contrastRatio, parseColor } from '../runner/colors';

describe('contrast ratio', () => {
  it('is 21 for black on white and 1 for a colour on itself', () => {
    assert.equal(contrastRatio({ color: 'rgb(0, 0, 0)', layers: ['rgb(255, 255, 255)'] }), 21);
    assert.equal(contrastRatio({ color: 'rgb(18, 52, 86)', layers: ['rgb(18, 52, 86)'] }), 1);
  });

  it('puts #767676 on white just over AA’s 4.5, and #777777 just under', () => {
    const ratio = (grey: number): number =>
      contrastRatio({ color: `rgb(${grey}, ${grey}, ${grey})`, layers: ['rgb(255, 255, 255)'] });
    assert.ok(ratio(0x76) >= 4.5, String(ratio(0x76)));
    assert.ok(ratio(0x77) < 4.5, String(ratio(0x77)));
  });

  it('paints transparent layers over the first opaque one, and blends the text’s own alpha', () => {
    assert.deepEqual(
      composite(['rgba(0, 0, 0, 0.5)', 'rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)']),
      [127.5, 127.5, 127.5, 1],
    );
    assert.equal(contrastRatio({ color: 'rgba(0, 0, 0, 0)', layers: ['rgb(255, 255, 255)'] }), 1);
  });

  it('reads color(srgb …) as Chromium computes colour mixes, and refuses what it cannot read', () => {
    assert.deepEqual(parseColor('color(srgb 1 0.5 0 / 0.25)'), [255, 127.5, 0, 0.25]);
    assert.throws(() => parseColor('hsl(0 0% 0%)'), /not a colour this reads/);
    assert.throws(() => composite(['rgba(0, 0, 0, 0.5)']), /no opaque background/);
  });
});
