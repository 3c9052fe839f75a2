// Usage (after test/e2e/setup.sh installed Chromium): node scripts/renderIcon.mjs
// Renders the extension's 128x128 marketplace icon from media/icon.svg's design (log lines, one red anomaly line) on
// a dark rounded tile, so the lines read on light and dark pages alike.
import { launchBrowser } from '../test/e2e/workbench.mjs';
const { page, close } = await launchBrowser();
await page.setViewportSize({ width: 128, height: 128 });
await page.setContent(`<html><body style="margin:0;background:transparent">
<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 16 16">
<rect x="0" y="0" width="16" height="16" rx="3" fill="#1e1e1e"/>
<g fill="none" stroke="#c5c5c5" stroke-width="1.2" stroke-linecap="round"><path d="M3 4h10M3 6.5h7M3 11.5h8"/></g>
<path d="M3 9h10" stroke="#f14c4c" stroke-width="1.8" stroke-linecap="round"/></svg></body></html>`);
await page.screenshot({ path: new URL('../media/icon.png', import.meta.url).pathname, omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
await close();
