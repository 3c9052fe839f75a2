// Text for VS Code notifications (messages and progress) that may carry words from outside: a clicked link, a file
// name from a build's manifest, an error from Zuul or Gerrit.
//
// VS Code turns `[label](https://…)`, `[label](command:…)` and `[label](file:…)` in a notification into a link, and
// a command link runs that command when clicked. So a crafted `vscode://` link or a hostile file name could put a
// clickable "Retry" that runs some other command into a message signed "Log Triage". A space between `]` and `(`
// keeps the text readable and is no longer link syntax. Our own messages use no links.

export function plainNotification(text: string): string {
  return text.replace(/\]\(/g, '] (');
}
