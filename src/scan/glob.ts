// Glob patterns as .gitignore and shells write them: "*" and "?" within a path segment, "**" across them,
// "[…]" classes. The regular expressions made here have no nested quantifiers.

function isValidClass(cls: string): boolean {
  try {
    new RegExp(cls);
    return true;
  } catch {
    return false;
  }
}

/** The regular-expression source (no anchors) for a glob; any glob gives a valid one. */
export function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // "**/" any folders, "/**" everything below, "**" anything.
        const slashAfter = glob[i + 2] === '/';
        out += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      const cls =
        close === -1
          ? undefined
          : `[${glob
              .slice(i + 1, close)
              .replace(/^!/, '^')
              .replace(/\\/g, '\\\\')}]`;
      // A class JavaScript cannot read ("[z-a]") is a literal "[", as for an unclosed one.
      if (cls === undefined || !isValidClass(cls)) out += '\\[';
      else {
        out += cls;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      out += glob[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return out;
}

/**
 * A filter over keys, as typed for a bulk presign: a glob (matched against the name when it has no "/",
 * else against the key below the prefix), or else a suffix such as ".csv".
 */
export function keyFilter(filter: string, prefix: string): (key: string) => boolean {
  const f = filter.trim();
  if (f === '') return () => true;
  if (!/[*?[]/.test(f)) return (key) => key.endsWith(f);
  const re = new RegExp(`^${globToRegex(f)}$`);
  return f.includes('/')
    ? (key) => re.test(key.slice(prefix.length))
    : (key) => re.test(key.slice(key.lastIndexOf('/') + 1));
}
