// The link a `vscode://log-triage.log-triage/analyze?url=<link>` URI carries, read without `vscode` so plain mocha
// tests it (the handler itself is analyzeUriHandler.ts).

/**
 * The link in the query of a `vscode://…/analyze?url=<link>` URI. VS Code hands the handler the query already
 * percent-decoded, so it must not be read as form data again: that would turn the `+` of a Gerrit change URL
 * (`/c/project/+/1`) into a space and cut a log URL at its own `&`. Everything after `url=` is the link.
 */
export function linkFromUriQuery(query: string): string {
  return /(?:^|&)url=(.*)$/s.exec(query)?.[1]?.trim() ?? '';
}
