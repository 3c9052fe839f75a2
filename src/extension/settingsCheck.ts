// Checks of the settings a user types by hand, made before an analysis starts (no `vscode` here, so plain mocha
// tests it): a mistake must come back as a message naming the setting, not as an internal error such as
// "Invalid URL" from deep inside a download.
import { globProblem } from '../sources/glob';

export interface CheckedSettings {
  readonly zuulMap: Readonly<Record<string, { readonly url: string; readonly tenant?: string }>>;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** What is wrong with the settings, in a sentence naming the setting; undefined when nothing is. */
export function settingsProblem(settings: CheckedSettings): string | undefined {
  for (const [host, target] of Object.entries(settings.zuulMap)) {
    if (!isWebUrl(target.url)) {
      return `logTriage.zuulMap["${host}"].url must be an http(s) URL such as https://zuul.example.org (got "${target.url}").`;
    }
  }
  for (const key of ['include', 'exclude'] as const) {
    for (const glob of settings[key]) {
      const problem = globProblem(glob);
      if (problem !== undefined) return `logTriage.${key} holds a glob that cannot be read: ${problem}.`;
    }
  }
  return undefined;
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}
