// The expiry question every presign flow asks: a preset, or a duration or date as typed ("90s", "6h",
// "2026-12-01T00:00:00Z"), over 7 days refused with the reason while typing.
import { EXPIRY_PRESETS, formatDuration, parseExpiry } from '../engine';
import { pick, type Answer } from './quickInput';

export interface ExpiryQuestion {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
  readonly canGoBack: boolean;
  /** The answer given before (Back), proposed again. */
  readonly current?: number;
  /** What is signed: a POST form's limit is worded for a form. */
  readonly subject?: 'url' | 'form';
}

export function askExpiry(q: ExpiryQuestion): Promise<Answer<number>> {
  return pick<number>({
    title: q.title,
    step: q.step,
    totalSteps: q.totalSteps,
    placeholder: 'Expires in: pick, or type 90s, 45m, 6h, 3d or an ISO date (at most 7 days)',
    canGoBack: q.canGoBack,
    active: q.current,
    items: EXPIRY_PRESETS.map((p) => ({ label: p.label, description: `${p.seconds} s`, value: p.seconds })),
    typed: (value) => {
      if (!value.trim()) return [];
      const parsed = parseExpiry(value, new Date(), q.subject);
      return parsed.ok
        ? [
            {
              label: `${formatDuration(parsed.seconds * 1000)}`,
              description: `${parsed.seconds} s, as typed`,
              alwaysShow: true,
              value: parsed.seconds,
            },
          ]
        : [{ label: `$(error) ${value.trim()}`, detail: parsed.error, alwaysShow: true }];
    },
  });
}
