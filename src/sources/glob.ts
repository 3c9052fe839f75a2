// Small glob matcher for include/exclude settings: `**` spans folders, `*` and `?` stay within one, `{a,b}` picks.
// A pattern without '/' matches the file name at any depth, as .gitignore does.

const cache = new Map<string, RegExp>();

/** What is wrong with a glob, or undefined when it reads: only an unclosed `{` (a lone `}` is a plain character). */
export function globProblem(pattern: string): string | undefined {
  let braces = 0;
  for (const c of pattern) {
    if (c === '{') braces += 1;
    else if (c === '}' && braces > 0) braces -= 1;
  }
  return braces > 0 ? `"${pattern}" has ${braces === 1 ? 'an unclosed {' : `${braces} unclosed {`}` : undefined;
}

/** The pattern as a regular expression; throws a plain sentence (see globProblem) for a glob that does not read. */
export function globToRegExp(pattern: string): RegExp {
  // The cache holds only patterns that passed the check, and a download looks each one up per listed file.
  const cached = cache.get(pattern);
  if (cached) return cached;
  const problem = globProblem(pattern);
  if (problem !== undefined) throw new Error(`The glob ${problem}.`);
  let source = '';
  let braces = 0;
  const anchored = pattern.includes('/');
  const body = pattern.replace(/^\/+/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    if (c === '*') {
      if (body[i + 1] === '*') {
        const slashAfter = body[i + 2] === '/';
        source += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else source += '[^/]*';
    } else if (c === '?') source += '[^/]';
    else if (c === '{') {
      braces++;
      source += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (c === ',' && braces > 0) source += '|';
    else source += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  const regex = new RegExp(anchored ? `^${source}$` : `(?:^|/)${source}$`);
  cache.set(pattern, regex);
  return regex;
}

export function matchesAnyGlob(path: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => globToRegExp(p).test(path));
}

/** Kept when it matches an include pattern (or there are none) and no exclude pattern. */
export function isSelected(path: string, include: readonly string[], exclude: readonly string[]): boolean {
  return (include.length === 0 || matchesAnyGlob(path, include)) && !matchesAnyGlob(path, exclude);
}
