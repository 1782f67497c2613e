// browser.mjs: the one Chromium launcher of every browser test, the benchmarks and the package
// tests. It starts the system's Chromium through playwright-core (which never downloads a
// browser): $CHROMIUM_PATH, or /usr/bin/chromium (Debian's) when that is unset.
import { chromium } from 'playwright-core';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The Chromium executable the tests run: $CHROMIUM_PATH when set and non-empty, else the default. */
export function chromiumPath(env = process.env) {
  return env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

/**
 * Chromium, headless. Every new window also starts Chromium's own omnibox popup UI (a WebUI
 * renderer) beside the page, which on a 2-core machine takes up to a third of a first render's
 * CPU; a visitor's browser has it running long before, so it is turned off.
 */
export const CHROMIUM_ARGS = Object.freeze(['--headless', '--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update', '--no-first-run',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup']);

export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
}
