// Lint rules that keep the layers apart: only src/extension may import vscode, and the pure layers
// (core, protocol, webview) reach no Node I/O, no network and no editor API.
import tseslint from 'typescript-eslint';

const vscodeOnlyInExtension = { name: 'vscode', message: 'Only src/extension/** may import vscode.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.e2e-artifacts/**', 'test/e2e/**/*.mjs', '*.mjs', 'scripts/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/sources/**', 'src/worker/**', 'src/cli/**', 'bench/**', 'scripts/**', 'test/unit/**', 'test/fixtures/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [vscodeOnlyInExtension] }] },
  },
  {
    files: ['src/core/**', 'src/protocol.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [vscodeOnlyInExtension, { name: 'axios', message: 'Core is pure: no network.' }],
        patterns: [{ group: ['node:*', 'fs', 'fs/*', 'http', 'https', 'net', 'child_process', 'worker_threads', '**/sources/**', '**/extension/**', '**/worker/**'], message: 'Core is pure: no I/O and no outer layers.' }],
      }],
    },
  },
  {
    files: ['webview/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [vscodeOnlyInExtension, { name: 'axios', message: 'The webview talks to the host by messages only.' }],
        patterns: [{ group: ['node:*', 'fs', 'http', 'https', '**/sources/**', '**/extension/**', '**/worker/**'], message: 'The webview has no Node and no outer layers.' }],
      }],
      // Log text is data: it must never be parsed as markup.
      'no-restricted-properties': ['error',
        { property: 'innerHTML', message: 'Use textContent: log text must never become markup.' },
        { property: 'outerHTML', message: 'Use textContent: log text must never become markup.' },
        { property: 'insertAdjacentHTML', message: 'Use DOM nodes: log text must never become markup.' }],
      'no-restricted-globals': ['error', { name: 'eval', message: 'No eval in the webview.' }],
    },
  },
);
