// The Dashboard page in a real browser: a real `wageflow serve` with cases
// opened and advanced through the API in the third quarter of 2025, the
// second quarter recorded as submitted by `wageflow report --submit`, and
// the page read on 15 October 2025 by a province-wide director: the
// figures, the four charts (SVG images the server draws), the submission
// calendar; a clerk sees no Dashboard and gets 403 from the API.
// Screenshot: $WAGEFLOW_SCREENSHOTS/dashboard.png.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';

import {launchChromium, logIn, newPage, screenshot} from './support/browser.mjs';
import {WageflowServer} from './support/server.mjs';

const CLERK = '李明';
const OFFICE = '长春市劳动人事争议仲裁院';
const DIRECTOR = '赵主任';  // province-wide
const CITY_DIRECTOR = '孙主任';  // director of the Changchun commission only
const WORKER = '张三丰';  // personal data: never on the dashboard

let server;
let browser;

before(async () => {
  server = await WageflowServer.start({now: '2025-07-10T09:30:00+08:00'});
  await server.addUser(CLERK, {roles: ['intake_clerk', 'mediator'], office: OFFICE});
  await server.addUser(DIRECTOR, {roles: ['director'], office: '吉林省劳动人事争议仲裁院', province: true});
  await server.addUser(CITY_DIRECTOR, {roles: ['director'], office: OFFICE});
  await server.listen();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function call(user, method, route, body) {
  const {status, body: answer} = await server.api(user, method, route, body);
  assert.ok(status < 300, `${method} ${route}: ${status} ${JSON.stringify(answer)}`);
  return answer;
}

async function openCase(workers, claim) {
  const opened = await call(CLERK, 'POST', '/api/cases', {
    workflow: 'wage-arbitration-fasttrack',
    values: {worker_name: WORKER, employer: '长春宏达建筑工程有限公司', region: '长春市',
      industry: '建筑业', claim_amount: claim, workers_involved: String(workers), worker_phone: '13804315678'},
  });
  return opened.id;
}

describe('the dashboard', () => {
  it('shows a quarter\'s figures, its charts and the submission calendar to a director', async () => {
    const settled = await openCase(12, '86000');
    await openCase(1, '5000.50');
    for (const event of ['accept', 'start_mediation']) {
      await call(CLERK, 'POST', `/api/cases/${settled}/events`, {event, values: {}});
    }
    await server.setClock('2025-08-01T10:00:00+08:00');
    await openCase(3, '12000');
    await call(CLERK, 'POST', `/api/cases/${settled}/events`,
      {event: 'settle', values: {recovered_amount: '43000.25'}});
    await server.cli('--now', '2025-07-06T10:00:00+08:00', 'report', '--period', '2025Q2',
      '--submit', '--by', DIRECTOR);
    await server.setClock('2025-10-15T10:00:00+08:00');

    const page = await newPage(browser);
    await logIn(page, server.url, DIRECTOR, server.tokens.get(DIRECTOR));
    await page.getByRole('link', {name: '统计报表'}).waitFor();
    await page.goto(`${server.url}/#/dashboard?period=2025Q3`);
    await page.getByRole('heading', {name: '统计报表', level: 1}).waitFor();
    const figure = (key) => page.locator(`[data-figure="${key}"] dd`).innerText();
    assert.equal(await figure('received'), '3');
    assert.equal(await figure('closed'), '1');
    assert.equal(await figure('closed_mediated'), '1');
    assert.equal(await figure('pending_at_end'), '2');
    assert.equal(await figure('collective_cases'), '1');
    assert.equal(await figure('workers_involved'), '16');
    assert.equal(await figure('amount_claimed'), '103000.50');
    assert.equal(await figure('amount_recovered'), '43000.25');
    assert.match(await figure('on_time_rate'), /^100\.0% \(1\/1\)/);

    // The submission calendar: 2025Q3 was due 9 October and is late; the
    // year is next, due 7 January 2026; 2025Q2 is submitted.
    assert.match(await page.locator('#next-submission').innerText(), /2025.*2026-01-07/);
    const unreported = await page.locator('#unreported').innerText();
    assert.match(unreported, /2025Q3/);
    assert.doesNotMatch(unreported, /2025Q2/);
    assert.match(await page.locator('#submission-calendar').innerText(), new RegExp(`已报送（${DIRECTOR}`));

    // Every chart loads as an image the server drew.
    const charts = page.locator('img.report-chart');
    assert.equal(await charts.count(), 4);
    for (let i = 0; i < 4; i += 1) {
      const chart = charts.nth(i);
      await chart.scrollIntoViewIfNeeded();
      await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await chart.elementHandle());
    }
    const {status, body} = await server.api(DIRECTOR, 'GET', '/api/reports/charts/received-closed.svg?period=2025Q3');
    assert.equal(status, 200);
    assert.match(body, /收案与结案/);
    assert.match(body, /Noto Sans CJK SC/);

    assert.equal((await page.content()).includes(WORKER), false, 'personal data on the dashboard');
    // The figures' time reads as a date and a time, not a timestamp.
    assert.match(await page.getByText('数据截至').innerText(), /数据截至 2025-10-01 00:00$/);
    await screenshot(page, 'dashboard');
    // On a narrow phone the page does not scroll sideways: a wide table
    // scrolls in its own frame.
    await page.setViewportSize({width: 360, height: 740});
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360),
      `the dashboard is ${await page.evaluate(() => document.documentElement.scrollWidth)}px wide at 360px`);
    await page.setViewportSize({width: 1280, height: 800});

    // A mistyped office gets no report of zeros but a sentence saying so.
    await page.goto(`${server.url}/#/dashboard?period=2025Q3&office=${encodeURIComponent('长春市仲栽院')}`);
    const unknown = page.locator('#unknown-office');
    await unknown.waitFor();
    assert.match(await unknown.innerText(), /没有名为“长春市仲栽院”的机构/);
    assert.equal(await page.locator('#report-figures').count(), 0);
    assert.deepEqual(page.scriptErrors, [], 'the page threw errors');
  });

  it('gives a city director the reports of their own office only', async () => {
    const own = await server.api(CITY_DIRECTOR, 'GET', '/api/reports?period=2025Q3');
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.equal(own.body.office, OFFICE);
    assert.equal(own.body.received, 3);
    const other = await server.api(CITY_DIRECTOR, 'GET',
      `/api/reports?period=2025Q3&office=${encodeURIComponent('吉林市劳动人事争议仲裁院')}`);
    assert.equal(other.status, 403);
    // An office no case and no user belongs to is a mistyped name: no
    // report of zeros for it.
    const elsewhere = await server.api(DIRECTOR, 'GET',
      `/api/reports?period=2025Q3&office=${encodeURIComponent('吉林市劳动人事争议仲裁院')}`);
    assert.equal(elsewhere.status, 404, JSON.stringify(elsewhere.body));
    assert.match(elsewhere.body.type, /no-such-office$/);
    assert.match(elsewhere.body.detail, new RegExp(`offices with users: .*${OFFICE}`));
    // An office with users but no case in the quarter has its zeros.
    const quiet = await server.api(DIRECTOR, 'GET',
      `/api/reports?period=2024Q1&office=${encodeURIComponent(OFFICE)}`);
    assert.equal(quiet.status, 200, JSON.stringify(quiet.body));
    assert.equal(quiet.body.received, 0);
    // An empty or unknown workflow is a bad filter, not "every workflow".
    for (const workflow of ['', '%20', 'no-such-workflow']) {
      const bad = await server.api(DIRECTOR, 'GET', `/api/reports?period=2025Q3&workflow=${workflow}`);
      assert.equal(bad.status, 400, `workflow='${workflow}': ${JSON.stringify(bad.body)}`);
      assert.match(bad.body.type, /invalid-parameter$/);
    }
    const calendar = await server.api(CITY_DIRECTOR, 'GET', '/api/reports/submissions');
    assert.equal(calendar.status, 200);
    assert.equal(calendar.body.next.period, '2025');
  });

  it('is not offered to a clerk, whose report requests are refused', async () => {
    const page = await newPage(browser);
    await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
    assert.equal(await page.getByRole('link', {name: '统计报表'}).count(), 0);
    const {status} = await server.api(CLERK, 'GET', '/api/reports?period=2025Q3');
    assert.equal(status, 403);
    const csv = await fetch(`${server.url}/api/reports?period=2025Q3&format=csv`, {
      headers: {Authorization: `Bearer ${server.tokens.get(DIRECTOR)}`},
    });
    assert.equal(csv.status, 200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(new TextDecoder().decode(bytes).includes(WORKER), false);
  });
});
