// Sizes as people type them: "5242880", "5MiB", "10MB". Binary units (KiB, MiB, GiB, TiB) always; decimal
// ones (KB, MB, GB, powers of 1000) and fractions only where the caller takes them: "MB" means 10^6 to some
// and 2^20 to others, so where a size must be exact to the byte (a part size) only binary units are read.

export type SizeResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: string };

const BINARY: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};
const DECIMAL: Readonly<Record<string, number>> = { kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3 };

/**
 * Bytes of a size typed with an optional unit, any case. `units: 'binary'` refuses decimal units and
 * fractions; `'any'` reads "10MB" as 10,000,000 bytes and "1.5GB" as 1,500,000,000.
 */
export function parseByteSize(text: string, units: 'binary' | 'any' = 'binary'): SizeResult {
  const m = /^\s*(\d{1,16})(?:\.(\d{1,6}))?\s*([a-z]{0,3})\s*$/i.exec(text);
  const name = (m?.[3] ?? '').toLowerCase();
  const unit = BINARY[name] ?? (units === 'any' ? DECIMAL[name] : undefined);
  const fraction = m?.[2];
  const shown = text.slice(0, 40);
  if (!m || unit === undefined || (fraction !== undefined && (units === 'binary' || unit === 1)))
    return {
      ok: false,
      error:
        units === 'any'
          ? `"${shown}" is not a size: type bytes, or a number with KB, MB, GB, KiB, MiB or GiB.`
          : `"${shown}" is not a size: write bytes, or a number with KiB, MiB, GiB or TiB.`,
    };
  const bytes = Math.round(Number(`${m[1]}.${fraction ?? '0'}`) * unit);
  if (!Number.isSafeInteger(bytes)) return { ok: false, error: `"${shown}" is too large.` };
  return { ok: true, value: bytes };
}
