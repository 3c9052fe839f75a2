// Entry of the extension-host test run (extensionTestsPath): VS Code loads this bundle and awaits run().
// esbuild bundles the test files into this one file (mocha and vscode stay external), so each test file is
// imported only after mocha has set up its `suite`/`test` globals: a dynamic import keeps that order.
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const grep = process.env.LOG_TRIAGE_E2E_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, reporter: 'spec', ...(grep ? { grep } : {}) });
  mocha.suite.emit('pre-require', globalThis, 'exthost', mocha);
  await import('./activation.test');
  await import('./analyzeFile.test');
  await import('./gerritChange.test');
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} tests failed.`)) : resolve()));
  });
}
