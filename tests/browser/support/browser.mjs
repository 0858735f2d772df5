// Debian's headless Chromium driven by playwright-core (installed by
// tests/browser/run-tests.sh into the build folder; playwright-core never
// downloads a browser).
import {existsSync} from 'node:fs';
import {mkdir} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';

export const CHROMIUM = process.env.WAGEFLOW_CHROMIUM || '/usr/bin/chromium';

// playwright-core from the node_modules folder run-tests.sh filled.
function playwright() {
  const folder = process.env.WAGEFLOW_BROWSER_NODE_DIR;
  if (!folder) throw new Error('set WAGEFLOW_BROWSER_NODE_DIR (where npm installed playwright-core)');
  return createRequire(path.join(folder, 'package.json'))('playwright-core');
}

// Playwright gives every launch a fresh --user-data-dir of its own in the
// temp folder (it refuses one passed in args) and removes it on close.
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}`);
  return playwright().chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage', '--lang=zh-CN'],
  });
}

// A fresh browser context (its own cookies and localStorage) and page.
// Errors thrown by the page's scripts, and anything the server's
// Content-Security-Policy blocked, fail the test that reads them.
export async function newPage(browser) {
  const context = await browser.newContext({viewport: {width: 1360, height: 900}, locale: 'zh-CN'});
  const page = await context.newPage();
  page.scriptErrors = [];
  page.on('pageerror', (error) => page.scriptErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      page.scriptErrors.push(message.text());
    }
  });
  return page;
}

export async function screenshot(page, name) {
  const folder = process.env.WAGEFLOW_SCREENSHOTS || path.resolve('screenshots');
  await mkdir(folder, {recursive: true});
  const file = path.join(folder, `${name}.png`);
  await page.screenshot({path: file, fullPage: true});
  return file;
}

// Logs in through the login form and waits for My work.
export async function logIn(page, url, user, token) {
  await page.goto(`${url}/`);
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('访问令牌').fill(token);
  await page.getByRole('button', {name: '登录'}).click();
  await page.getByRole('heading', {name: '我的待办'}).waitFor();
}
