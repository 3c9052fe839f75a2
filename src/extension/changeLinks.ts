// Finds Gerrit change and Zuul build URLs in any text, so they can be turned into "analyze" links. No vscode here.

export type LinkKind = 'change' | 'build';

export interface FoundLink {
  readonly kind: LinkKind;
  /** Offsets into the text, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly url: string;
}

// `/c/<n>`, `/c/<project>/+/<n>` and `/#/c/<n>`, each with an optional patchset (`/3` or `/1..3`); any path prefix.
const CHANGE = /\bhttps?:\/\/[^\s'"<>()[\]{}]+?\/(?:#\/)?c\/(?:[^\s'"<>()[\]{}]+?\/\+\/)?\d+(?:\/(?:\d+\.\.)?\d+)?(?!\w|\.\w)\/?/g;
// A Zuul build or buildset page: the last segment is a 32-character uuid after `build/` or `buildset/`.
const BUILD = /\bhttps?:\/\/[^\s'"<>()[\]{}]+?\/build(?:set)?\/[0-9a-f]{32}(?![0-9a-zA-Z])/g;
// The bare `https://host[/prefix]/<n>` form Zuul writes as ref_url: only for hosts the user mapped to a Zuul.
const BARE = /\bhttps?:\/\/([^\s/'"<>()[\]{}]+)(?:\/[^\s'"<>()[\]{}]*?)?\/\d+(?![\w/]|\.\w)\/?/g;

/** At most this many links per document: a huge log must not turn into a huge link list. */
export const MAX_LINKS = 1000;

export function findChangeLinks(text: string, knownGerritHosts: readonly string[] = []): FoundLink[] {
  const found: FoundLink[] = [];
  const collect = (pattern: RegExp, kind: LinkKind, accept: (match: RegExpExecArray) => boolean = () => true): void => {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match && found.length < MAX_LINKS; match = pattern.exec(text)) {
      const start = match.index;
      const end = start + match[0].length;
      if (accept(match) && !found.some((link) => start < link.end && link.start < end)) found.push({ kind, start, end, url: match[0] });
    }
  };
  collect(CHANGE, 'change');
  collect(BUILD, 'build');
  if (knownGerritHosts.length > 0) {
    const hosts = new Set(knownGerritHosts.map((host) => host.toLowerCase()));
    collect(BARE, 'change', (match) => hosts.has((match[1] ?? '').toLowerCase()));
  }
  return found.sort((a, b) => a.start - b.start);
}
