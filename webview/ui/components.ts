// The only module that names @vscode/webview-ui-toolkit (deprecated upstream since 2025-01-01): swapping it for
// @vscode-elements/elements later touches this file alone. Callers get plain HTMLElements.
import {
  provideVSCodeDesignSystem,
  vsCodeBadge,
  vsCodeButton,
  vsCodeDivider,
  vsCodeLink,
  vsCodeProgressRing,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

let registered = false;

export function registerComponents(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeBadge(), vsCodeButton(), vsCodeDivider(), vsCodeLink(), vsCodeProgressRing(), vsCodeTextField());
}

export function countBadge(count: number, className = 'count'): HTMLElement {
  const badge = document.createElement('vscode-badge');
  badge.className = className;
  badge.textContent = String(count);
  return badge;
}

export function button(label: string, onClick: () => void, options: { readonly id?: string; readonly secondary?: boolean } = {}): HTMLElement {
  const element = document.createElement('vscode-button');
  if (options.id) element.id = options.id;
  if (options.secondary) element.setAttribute('appearance', 'secondary');
  element.textContent = label;
  element.addEventListener('click', onClick);
  return element;
}

/** A text field whose value is reported on every keystroke. */
export function textField(options: {
  readonly id: string;
  readonly placeholder: string;
  readonly value: string;
  readonly label?: string;
  readonly onInput: (value: string) => void;
}): HTMLElement {
  const field = document.createElement('vscode-text-field') as HTMLElement & { value: string };
  field.id = options.id;
  field.setAttribute('placeholder', options.placeholder);
  field.setAttribute('value', options.value);
  if (options.label) field.textContent = options.label;
  field.addEventListener('input', () => options.onInput(field.value));
  return field;
}

/** Sets a text field's value without firing input. */
export function setTextFieldValue(field: HTMLElement, value: string): void {
  (field as HTMLElement & { value: string }).value = value;
}

export function link(text: string, onClick: () => void, className = 'link'): HTMLElement {
  const element = document.createElement('vscode-link');
  element.className = className;
  element.textContent = text;
  element.setAttribute('href', '#');
  element.addEventListener('click', (event) => {
    event.preventDefault();
    onClick();
  });
  return element;
}

export function progressRing(): HTMLElement {
  return document.createElement('vscode-progress-ring');
}

export function divider(): HTMLElement {
  return document.createElement('vscode-divider');
}
