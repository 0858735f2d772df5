// The staff pages in a real browser: a real `wageflow serve` (fresh SQLite
// database, shipped workflows, users with real tokens) driven in headless
// Chromium. Screenshots of every page go to $WAGEFLOW_SCREENSHOTS.
//
// The server clock starts on Friday 2025-01-24, just before the Spring
// Festival: a fast-track case opened then must be accepted within 5 working
// days, due 2025-02-07 (the make-up working day 01-26 counts, 01-28..02-04
// do not), with the reminder from 2025-02-06.
import assert from 'node:assert/strict';
import {createServer, request as httpRequest} from 'node:http';
import {cp, readFile, writeFile} from 'node:fs/promises';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';

import {launchChromium, logIn, newPage, screenshot} from './support/browser.mjs';
import {WageflowServer} from './support/server.mjs';

const START = '2025-01-24T09:30:00+08:00';
const CLERK = '李明';  // intake clerk and mediator of the Changchun commission
const CLERK_OFFICE = '长春市劳动人事争议仲裁院';
const CONSULTANT = '王芳';  // legal-aid centre
const DIRECTOR = '赵主任';  // province-wide director: the Workflows page
const ARBITRATOR = '钱仲裁';  // arbitrator of the Changchun commission

let server;
let browser;

before(async () => {
  server = await WageflowServer.start({now: START});
  await server.addUser(CLERK, {roles: ['intake_clerk', 'mediator'], office: CLERK_OFFICE});
  await server.addUser(CONSULTANT, {roles: ['consultant', 'reviewer'], office: '长春市职工法律援助中心'});
  await server.addUser(DIRECTOR, {roles: ['director'], office: '吉林省劳动人事争议仲裁院', province: true});
  await server.addUser(ARBITRATOR, {roles: ['arbitrator'], office: CLERK_OFFICE});
  await server.listen();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Opens a fast-track case through the API as the clerk; resolves to its id.
async function openFastTrackCase(workerName) {
  const {status, body} = await server.api(CLERK, 'POST', '/api/cases', {
    workflow: 'wage-arbitration-fasttrack',
    values: {worker_name: workerName, employer: '长春宏达建筑工程有限公司', region: '长春市',
      claim_amount: '8600', worker_phone: '13804315678'},
  });
  assert.equal(status, 201, JSON.stringify(body));
  return body.id;
}

// Shows case `id`'s page and waits until it is drawn. From one case page
// to another only the hash changes: without the wait, a click can land on
// the first case's page just before it is replaced.
async function showCase(page, id) {
  await page.goto(`${server.url}/#/case/${id}`);
  await page.getByRole('heading', {name: `案件 ${id}`, exact: true}).waitFor();
}

// A new fast-track case of `workerName`, shown to the clerk in a new page;
// resolves to {id, page}.
async function clerkOnCase(workerName) {
  const id = await openFastTrackCase(workerName);
  const page = await newPage(browser);
  await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
  await showCase(page, id);
  return {id, page};
}

async function caseCount(user) {
  const {status, body} = await server.api(user, 'GET', '/api/cases?limit=500');
  assert.equal(status, 200);
  return body.cases.length;
}

function field(page, name) {
  return page.locator(`[data-field="${name}"]`);
}

function noScriptErrors(page) {
  assert.deepEqual(page.scriptErrors, [], 'the page threw errors');
}

// What the tab keeps (sessionStorage) and what the browser keeps
// (localStorage), as text to search.
const tabStorage = (page) => page.evaluate(() => JSON.stringify({...sessionStorage}));
const browserStorage = (page) => page.evaluate(() => JSON.stringify({...localStorage}));

// Logs in on the login page the page shows now (after a session ended).
async function logInHere(page, user) {
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('访问令牌').fill(server.tokens.get(user));
  await page.getByRole('button', {name: '登录'}).click();
}

describe('the staff pages', () => {
  it('refuses a wrong token, then logs in and shows My work with deadline lights', async () => {
    await openFastTrackCase('张三丰');
    const page = await newPage(browser);
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', {name: '登录'}).waitFor();
    await screenshot(page, 'login');
    await page.getByLabel('用户名').fill(CLERK);
    await page.getByLabel('访问令牌').fill('wft_not-the-token-at-all-0000000000000000000');
    await page.getByRole('button', {name: '登录'}).click();
    const refusal = page.getByRole('alert').filter({hasText: '登录失败'});
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /用户名或令牌不正确/);
    assert.doesNotMatch(await refusal.innerText(), /[A-Za-z]{3,}/, 'the refusal is in Chinese');

    await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'wageflow_session');
    assert.ok(session, 'a session cookie is set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');

    const row = page.locator('#case-table tbody tr').first();
    await row.waitFor();
    assert.match(await row.innerText(), /张\*\*/, 'names are masked in the list');
    assert.doesNotMatch(await page.content(), /张三丰|13804315678/, 'no personal data in the list');
    const light = row.locator('[data-timer="acceptance_decision"]');
    assert.equal(await light.getAttribute('data-status'), 'running');
    assert.match(await light.innerText(), /进行中[\s\S]*受理审查期限[\s\S]*截止 2025-02-07/);
    await screenshot(page, 'work');

    // On a phone each case is a card: nothing scrolls sideways, the case
    // number is whole, and a case shows its deadlines before its timeline.
    await page.setViewportSize({width: 390, height: 844});
    const link = row.locator('.col-case a');
    const box = await link.boundingBox();
    assert.ok(box.x + box.width <= 390, `the case number ends at ${box.x + box.width}px`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390),
      'My work scrolls sideways on a phone');
    const card = await row.boundingBox();
    assert.ok(card.height < 400, `a case's card is ${card.height}px tall`);
    await screenshot(page, 'work-phone');
    await link.click();
    await page.locator('#deadlines').waitFor();
    const deadlinesTop = (await page.locator('#deadlines').boundingBox()).y;
    const timelineTop = (await page.locator('#timeline').boundingBox()).y;
    assert.ok(deadlinesTop < timelineTop, `deadlines at ${deadlinesTop}px, timeline at ${timelineTop}px`);
    await screenshot(page, 'case-phone');
    noScriptErrors(page);
    await page.context().close();
  });

  it('opens on the login page without a refused request in the console when nobody is logged in', async () => {
    const page = await newPage(browser);
    const consoleErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const refused = [];
    page.on('response', (response) => {
      if (response.status() === 401) refused.push(response.url());
    });
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', {name: '登录'}).waitFor();
    await page.reload();
    await page.getByRole('heading', {name: '登录'}).waitFor();
    // Logged in and out again, the next visit starts at the login page the
    // same way.
    await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
    await page.getByRole('button', {name: '退出登录'}).click();
    await page.getByRole('heading', {name: '登录'}).waitFor();
    await page.reload();
    await page.getByRole('heading', {name: '登录'}).waitFor();
    assert.deepEqual(refused, [], 'the page asked for a session it did not have');
    assert.deepEqual(consoleErrors, []);
    noScriptErrors(page);
    await page.context().close();
  });

  it('opens a case through the generated form, checked in the browser and by the server', async () => {
    const page = await newPage(browser);
    await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
    await page.getByRole('link', {name: '新建案件'}).click();
    await page.getByLabel('选择流程').selectOption('wage-arbitration-fasttrack');
    const submit = page.getByRole('button', {name: '立案'});
    await submit.waitFor();

    // The form follows the definition: required, types, enums, patterns.
    const name = page.getByLabel('劳动者姓名');
    assert.equal(await name.getAttribute('required'), '');
    assert.equal(await field(page, 'worker_id_no').locator('input').getAttribute('pattern'),
      '^[0-9]{17}[0-9X]$');
    // The workflow's hint says in words what the pattern asks for.
    assert.equal(await field(page, 'worker_id_no').locator('.field-hint').innerText(),
      '18位身份证号码（末位可为X）');
    const regions = await field(page, 'region').locator('option').allInnerTexts();
    assert.ok(regions.includes('长春市') && regions.includes('长白山管委会'), regions.join(','));
    assert.equal(await field(page, 'hearing_date').locator('input').getAttribute('type'), 'date');
    // 终局裁决 is computed by the award (`set:`): not given at opening.
    await field(page, 'claim_amount').waitFor();
    assert.equal(await field(page, 'final_award').count(), 0, 'a computed field is offered');

    // Empty required fields and a bad money amount are caught before posting.
    const before = await caseCount(CLERK);
    await field(page, 'claim_amount').locator('input').fill('八千六');
    await submit.click();
    await page.getByText('请更正标出的内容后再提交。').waitFor();
    assert.equal(await field(page, 'worker_name').locator('.field-error').innerText(), '请填写此项。');
    assert.equal(await field(page, 'region').locator('.field-error').innerText(), '请选择一项。');
    assert.match(await field(page, 'claim_amount').locator('.field-error').innerText(), /金额/);
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    // Digits enough for no claim: said to be too large, not malformed.
    await field(page, 'claim_amount').locator('input').fill('99999999999999');
    await submit.click();
    assert.equal(await field(page, 'claim_amount').locator('.field-error').innerText(), '金额过大：整数部分最多 13 位。');
    // An ID number pasted into a count: too large, not malformed.
    await field(page, 'workers_involved').locator('input').fill('2202061990010112300');
    await submit.click();
    assert.equal(await field(page, 'workers_involved').locator('.field-error').innerText(), '数字过大：请核对。');
    await field(page, 'worker_id_no').locator('input').fill('2201');
    await submit.click();
    assert.equal(await field(page, 'worker_id_no').locator('.field-error').innerText(),
      '格式不正确。应为：18位身份证号码（末位可为X）');
    // A mistyped digit: the form fits, the check digit does not (check: resident_id).
    await field(page, 'worker_id_no').locator('input').fill('22020619900101124X');
    await submit.click();
    assert.match(await field(page, 'worker_id_no').locator('.field-error').innerText(), /身份证号码有误/);

    await name.fill('王建国');
    await page.getByLabel('用人单位').fill('吉林市顺达物流有限公司');
    await page.getByLabel('地区').selectOption('吉林市');
    await field(page, 'claim_amount').locator('input').fill('45800');
    await field(page, 'worker_id_no').locator('input').fill('22020619900101123X');
    await field(page, 'workers_involved').locator('input').fill('8');

    // A client that skipped the checks: the server refuses the value and the
    // page shows its message next to the field; nothing is stored.
    await page.route('**/api/cases', async (route) => {
      const body = JSON.parse(route.request().postData());
      body.values.worker_id_no = '2202021990';
      await route.continue({postData: JSON.stringify(body)});
    });
    await submit.click();
    const serverError = field(page, 'worker_id_no').locator('.field-error');
    await serverError.filter({hasText: 'expected form'}).waitFor();
    assert.match(await serverError.innerText(),
      /worker_id_no \(公民身份号码\): '2202021990' is not 18位身份证号码（末位可为X）/);
    assert.equal(await caseCount(CLERK), before, 'a refused case is not stored');
    await screenshot(page, 'open-refused');
    await page.unroute('**/api/cases');

    await submit.click();
    await page.locator('#case-state').waitFor();
    assert.equal(await page.locator('#case-state').innerText(), '申请登记');
    assert.match(await page.getByRole('status').innerText(), /已立案：2025-\d{6}/);
    assert.equal(await caseCount(CLERK), before + 1);
    assert.match(await field(page, 'worker_id_no').innerText(), /22020619900101123X/,
      'the clerk sees personal data of a case in full');
    noScriptErrors(page);
    await page.context().close();
  });

  // Focus goes where the eye goes: the first field in error in the order
  // the form shows its fields (required first, then optional, then those
  // folded away), not the order of the workflow's definition.
  it('puts the keyboard on the first field in error as the form shows it', async () => {
    const page = await newPage(browser);
    await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
    await page.goto(`${server.url}/#/open/wage-arbitration-fasttrack`);
    const submit = page.getByRole('button', {name: '立案'});
    await submit.waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.closest('[data-field]')?.dataset.field);
    const later = page.locator('.group-later > summary');

    // The ID number comes before the employer in the definition; the form
    // shows the employer first (required), the ID number among the
    // optional fields, the amount recovered folded away.
    await page.getByLabel('劳动者姓名').fill('郑华');
    await field(page, 'worker_id_no').locator('input').fill('2201');
    await later.click();
    await field(page, 'recovered_amount').locator('input').fill('-5');
    await later.click();
    await submit.click();
    await page.getByText('请更正标出的内容后再提交。').waitFor();
    assert.equal(await focused(), 'employer');
    assert.equal(await field(page, 'employer').locator('input').getAttribute('aria-invalid'), 'true');
    assert.equal(await field(page, 'employer').locator('.field-error').innerText(), '请填写此项。');

    await page.getByLabel('用人单位').fill('长春宏达建筑工程有限公司');
    await page.getByLabel('地区').selectOption('长春市');
    await field(page, 'claim_amount').locator('input').fill('8600');
    await submit.click();
    assert.equal(await focused(), 'worker_id_no');
    assert.equal(await field(page, 'worker_id_no').locator('input').getAttribute('aria-invalid'), 'true');

    // A field folded away is unfolded when it is the first in error.
    await field(page, 'worker_id_no').locator('input').fill('');
    await submit.click();
    assert.equal(await focused(), 'recovered_amount');
    assert.equal(await page.locator('.group-later').evaluate((details) => details.open), true);
    assert.match(await field(page, 'recovered_amount').locator('.field-error').innerText(), /金额/);

    // On a case, a comment only the server finds missing (dropped on the
    // way) takes the keyboard to the comment box.
    const id = await openFastTrackCase('冯涛');
    await page.goto(`${server.url}/#/case/${id}`);
    await page.getByRole('button', {name: '转至「撤回申请」'}).click();
    const withdraw = page.locator('form[data-event="withdraw"]');
    await withdraw.locator('[data-field="comment"] textarea').fill('申请人撤回');
    await page.route('**/api/cases/*/events', async (route) => {
      const body = JSON.parse(route.request().postData());
      delete body.comment;
      await route.continue({postData: JSON.stringify(body)});
    });
    await withdraw.getByRole('button', {name: '确认办理'}).click();
    await withdraw.locator('.refusal-sentence').waitFor();
    await page.unroute('**/api/cases/*/events');
    assert.equal(await focused(), 'comment');
    assert.equal(await withdraw.locator('[data-field="comment"] textarea').getAttribute('aria-invalid'), 'true');
    assert.equal(await withdraw.locator('[data-field="comment"] .field-error').innerText(), '请填写说明（理由）。');
    noScriptErrors(page);
    await page.context().close();
  });

  // The pages check ID numbers before sending (fields.js), the server after
  // (engine/definition/field_check.cpp): both on the same table of numbers.
  it('checks resident ID numbers in the browser exactly as the server does', async () => {
    const table = JSON.parse(
      await readFile(new URL('../support/resident_ids.json', import.meta.url), 'utf8'));
    const numbers = table.numbers.map((c) => c.number);
    const page = await newPage(browser);
    await page.goto(`${server.url}/`);
    const answers = await page.evaluate(async (all) => {
      const {isResidentId} = await import('/static/fields.js');
      return all.map((number) => isResidentId(number));
    }, numbers);
    assert.ok(numbers.length >= 10);
    for (const [i, c] of table.numbers.entries()) {
      assert.equal(answers[i], c.valid, `'${c.number}' ${c.why || c.problem || ''}`);
    }
    noScriptErrors(page);
    await page.context().close();
  });

  // A case the server is slow to send must not replace, when it finally
  // comes, the case the clerk has gone on to: they would act on the wrong
  // worker's case.
  it('keeps the case last asked for when an earlier one answers late', async () => {
    const slow = await openFastTrackCase('韩梅');
    const wanted = await openFastTrackCase('石磊');
    const page = await newPage(browser);
    await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route(`**/api/cases/${slow}**`, async (route) => {
      await held;
      await route.continue();
    });
    // The slow case must be asked for before the clerk goes on: a hash
    // change the page had not yet acted on would never ask for it.
    const asked = page.waitForRequest((request) => request.url().endsWith(`/api/cases/${slow}/audit`));
    await page.goto(`${server.url}/#/case/${slow}`);
    await asked;
    await page.goto(`${server.url}/#/case/${wanted}`);
    await page.getByRole('heading', {name: `案件 ${wanted}`, exact: true}).waitFor();
    const answered = page.waitForResponse((response) => response.url().endsWith(`/api/cases/${slow}/audit`));
    release();
    await answered;
    // What the late answer would draw is drawn within a few tasks: give it
    // far longer than that, then look.
    await page.waitForTimeout(500);
    const shown = await page.locator('main h1').allInnerTexts();
    assert.deepEqual(shown, [`案件 ${wanted}`]);
    assert.equal(await page.locator('main[aria-busy]').count(), 0);
    await page.unroute(`**/api/cases/${slow}**`);
    noScriptErrors(page);
    await page.context().close();
  });

  it('advances a case to a final state with the buttons, each asking what its step requires', async () => {
    const id = await openFastTrackCase('刘强');
    const page = await newPage(browser);
    await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
    await page.goto(`${server.url}/#/case/${id}`);
    await page.locator('#case-state').filter({hasText: '申请登记'}).waitFor();

    // Each due date with its explanation (holidays and make-up days met).
    const deadline = page.locator('#deadlines [data-timer="acceptance_decision"]');
    await deadline.waitFor();
    const text = await deadline.innerText();
    assert.match(text, /截止 2025-02-07/);
    assert.match(text, /2025-01-26（周日）为调休上班日/);
    assert.match(text, /跳过法定节假日 2025-01-28 至 2025-02-04/);
    assert.match(await deadline.locator('.explanation').getAttribute('title'),
      /2025-01-26 \(Sun\) is a make-up working day; 2025-01-28\.\.2025-02-04 public holidays skipped/);
    await screenshot(page, 'case');

    // Withdrawing needs a comment: the form asks for it.
    await page.getByRole('button', {name: '转至「撤回申请」'}).click();
    const withdraw = page.locator('form[data-event="withdraw"]');
    await withdraw.getByRole('button', {name: '确认办理'}).click();
    assert.equal(await withdraw.locator('[data-field="comment"] .field-error').innerText(), '请填写此项。');
    // The server asks for it too (the comment is dropped on the way): its
    // problem names the member that was missing, and the page marks the box.
    await withdraw.locator('[data-field="comment"] textarea').fill('申请人撤回');
    await page.route('**/api/cases/*/events', async (route) => {
      const body = JSON.parse(route.request().postData());
      delete body.comment;
      await route.continue({postData: JSON.stringify(body)});
    });
    await withdraw.getByRole('button', {name: '确认办理'}).click();
    await withdraw.locator('.refusal-sentence').waitFor();
    assert.equal(await withdraw.locator('[data-field="comment"] .field-error').innerText(),
      '请填写说明（理由）。');
    assert.equal(await withdraw.locator('.refusal-detail').innerText(),
      '系统说明：event withdraw needs a comment giving the reason');
    await page.unroute('**/api/cases/*/events');
    await withdraw.getByRole('button', {name: '取消'}).click();

    // accept: requires worker_name, employer and claim_amount, shown filled in.
    await page.getByRole('button', {name: '转至「已受理」'}).click();
    const accept = page.locator('form[data-event="accept"]');
    assert.equal(await accept.locator('[data-field="employer"] input').inputValue(), '长春宏达建筑工程有限公司');
    await accept.getByRole('button', {name: '确认办理'}).click();
    await page.locator('#case-state').filter({hasText: '已受理'}).waitFor();
    assert.match(await page.getByRole('status').innerText(), /已办理：转至「已受理」/);

    await page.getByRole('button', {name: '转至「先行调解」'}).click();
    await page.locator('form[data-event="start_mediation"]').getByRole('button', {name: '确认办理'}).click();
    await page.locator('#case-state').filter({hasText: '先行调解'}).waitFor();

    // settle: requires the amount recovered.
    await page.getByRole('button', {name: '转至「调解结案」'}).click();
    const settle = page.locator('form[data-event="settle"]');
    await settle.getByRole('button', {name: '确认办理'}).click();
    assert.equal(await settle.locator('[data-field="recovered_amount"] .field-error').innerText(), '请填写此项。');
    await settle.getByLabel('调解追回金额（元）').fill('8000');
    await screenshot(page, 'case-action-form');
    // A value only the server refuses (the amount is changed on the way to
    // a negative one): the page says what it means in Chinese, then the
    // server's words, which also stand next to the field; nothing is stored.
    await page.route('**/api/cases/*/events', async (route) => {
      const body = JSON.parse(route.request().postData());
      body.values.recovered_amount = '-1';
      await route.continue({postData: JSON.stringify(body)});
    });
    await settle.getByRole('button', {name: '确认办理'}).click();
    const refusal = settle.locator('.form-message');
    await refusal.locator('.refusal-sentence').waitFor();
    assert.equal(await refusal.locator('.refusal-sentence').innerText(),
      '有填写的值不被接受，请按该栏旁的说明修改后再提交。');
    const serverWords = "field recovered_amount (调解追回金额（元）): '-1' is below zero; an amount is 0 or more";
    assert.equal(await refusal.locator('.refusal-detail').innerText(), `系统说明：${serverWords}`);
    assert.equal(await settle.locator('[data-field="recovered_amount"] .field-error').innerText(), serverWords);
    await screenshot(page, 'case-refused');
    await page.unroute('**/api/cases/*/events');
    assert.equal((await server.api(CLERK, 'GET', `/api/cases/${id}`)).body.state, 'mediation');
    await settle.getByRole('button', {name: '确认办理'}).click();
    await page.locator('#case-state').filter({hasText: '调解结案'}).waitFor();
    assert.equal(await page.locator('#case-status').innerText(), '已结案');
    await page.getByText('案件已结案。').waitFor();
    // A closed case takes only a correction (补正): the amount was typed wrongly.
    assert.deepEqual(await page.locator('.action-button').allInnerTexts(), ['更正信息']);
    await page.getByRole('button', {name: '更正信息'}).click();
    const correct = page.locator('form[data-event="correct"]');
    assert.equal(await correct.getByLabel('调解追回金额（元）').inputValue(), '8000.00');
    await correct.getByLabel('说明（必填）').fill('调解协议金额为8500元，登记有误');
    await correct.getByRole('button', {name: '确认办理'}).click();
    await correct.getByText('没有修改任何信息。').waitFor();
    await correct.getByLabel('调解追回金额（元）').fill('8500');
    await correct.getByLabel('联系电话').fill('');  // the number is not the worker's: emptied
    await screenshot(page, 'case-correct');
    await correct.getByRole('button', {name: '确认办理'}).click();
    await page.getByRole('status').filter({hasText: '已办理：更正信息'}).waitFor();
    assert.equal(await page.locator('#case-state').innerText(), '调解结案');

    // The timeline is the audit trail, newest first.
    const kinds = await page.locator('#timeline .record').evaluateAll(
      (items) => items.map((item) => item.dataset.kind));
    assert.deepEqual(kinds.filter((k) => k === 'open' || k === 'fire'), ['fire', 'fire', 'fire', 'open']);
    assert.match(await page.locator('#timeline').innerText(), /调解追回金额（元）\s*8000\.00/);
    // Who did it, by the workflow's name for the role (role_labels:).
    const opened = page.locator('#timeline .record[data-kind="open"] .record-actor');
    assert.match(await opened.innerText(), /（立案员）$/);
    assert.doesNotMatch(await page.locator('#timeline').innerText(), /intake_clerk|mediator/);
    // Steps by the words of their buttons, never by the workflow's internal event names.
    assert.doesNotMatch(await page.locator('#timeline').innerText(), /\b(accept|start_mediation|settle)\b/);
    const started = page.locator('#timeline .record[data-kind="timer_start"]').filter({hasText: '因办理'}).first();
    assert.match(await started.innerText(), /因办理：转至「已受理」/);
    const correction = page.locator('#timeline .record[data-kind="correct"]');
    assert.match(await correction.innerText(),
      /更正信息[\s\S]*调解追回金额（元）\s*8000\.00 → 8500\.00[\s\S]*调解协议金额为8500元/);
    assert.match(await correction.innerText(), /联系电话\s*138\*\*\*\*5678 → —/);
    const {body} = await server.api(CLERK, 'GET', `/api/cases/${id}`);
    assert.equal(body.state, 'settled');
    assert.equal(body.status, 'closed');
    assert.equal(body.data.recovered_amount, '8500.00');
    assert.equal(body.data.worker_phone, undefined);
    await screenshot(page, 'case-closed');
    noScriptErrors(page);
    await page.context().close();
  });

  // The session ends while a clerk types (8 hours of server time): what
  // they typed waits in the tab (sessionStorage, never localStorage) for
  // the same user to log in again, and is not sent by itself.
  it('keeps an entry the ended session refused, for the same user only', async () => {
    const id = await openFastTrackCase('周敏');
    const other = await openFastTrackCase('郑凯');
    const page = await newPage(browser);
    const tab = () => tabStorage(page);
    const kept = () => browserStorage(page);
    try {
      await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
      await page.goto(`${server.url}/#/case/${id}`);
      await page.getByRole('button', {name: '转至「已受理」'}).click();
      const accept = page.locator('form[data-event="accept"]');
      await accept.getByLabel('请求金额（元）').fill('9100');
      await accept.locator('[data-field="comment"] textarea').fill('材料齐全，予以受理');
      await server.setClock('2025-01-24T18:00:00+08:00');
      await accept.getByRole('button', {name: '确认办理'}).click();
      await page.getByText('登录已失效，请重新登录。').waitFor();
      assert.match(await tab(), /材料齐全，予以受理/);
      assert.doesNotMatch(await kept(), /材料齐全|9100/, 'nothing typed outlives the tab');

      // The same clerk again: the same form on the same case, as typed,
      // with a notice; nothing was sent.
      await logInHere(page, CLERK);
      const restored = page.locator('form[data-event="accept"]');
      await restored.waitFor();
      assert.equal(await restored.getByLabel('请求金额（元）').inputValue(), '9100');
      assert.equal(await restored.locator('[data-field="comment"] textarea').inputValue(), '材料齐全，予以受理');
      assert.match(await restored.locator('.unsent-notice').innerText(), /未提交.*保留.*尚未提交/);
      assert.equal(await page.evaluate(() => document.activeElement?.closest('form')?.dataset.event), 'accept');
      assert.equal((await server.api(CLERK, 'GET', `/api/cases/${id}`)).body.state, 'intake');
      assert.doesNotMatch(await tab(), /材料齐全/, 'a restored entry is dropped');
      await screenshot(page, 'case-unsent-restored');
      await restored.getByRole('button', {name: '确认办理'}).click();
      await page.locator('#case-state').filter({hasText: '已受理'}).waitFor();
      const {body: accepted} = await server.api(CLERK, 'GET', `/api/cases/${id}`);
      assert.equal(accepted.data.claim_amount, '9100.00');

      // Another user in the same tab: the entry is not theirs, and is dropped.
      await showCase(page, other);  // drawn before its buttons are clicked
      await page.getByRole('button', {name: '转至「撤回申请」'}).click();
      const withdraw = page.locator('form[data-event="withdraw"]');
      await withdraw.locator('[data-field="comment"] textarea').fill('申请人已与用人单位和解');
      await server.setClock('2025-01-25T03:00:00+08:00');
      await withdraw.getByRole('button', {name: '确认办理'}).click();
      await page.getByText('登录已失效，请重新登录。').waitFor();
      assert.match(await tab(), /申请人已与用人单位和解/);
      await logInHere(page, ARBITRATOR);
      await page.locator('#case-state').waitFor();
      assert.doesNotMatch(await tab(), /申请人已与用人单位和解/);
      assert.equal(await page.locator('form.action-form').count(), 0);
      await page.getByRole('button', {name: '退出登录'}).click();
      await logInHere(page, CLERK);
      await page.getByRole('heading', {name: '我的待办'}).waitFor();
      await page.goto(`${server.url}/#/case/${other}`);
      await page.locator('#case-state').waitFor();
      assert.equal(await page.locator('form.action-form').count(), 0);
      assert.equal((await server.api(CLERK, 'GET', `/api/cases/${other}`)).body.state, 'intake');
      noScriptErrors(page);
    } finally {
      await server.setClock(START);
    }
    await page.context().close();
  });

  // The case changes while a clerk types (here the arbitrator corrects it;
  // a deadline reminder the server records does the same): the server
  // refuses the stale step (412), and the page draws the case again with
  // what was typed back in the same step's form, sent only when asked.
  it('keeps what was typed when the case changed meanwhile', async () => {
    const {id, page} = await clerkOnCase('魏强');
    await page.getByRole('button', {name: '转至「已受理」'}).click();
    const accept = page.locator('form[data-event="accept"]');
    await accept.getByLabel('请求金额（元）').fill('9300');
    await accept.locator('[data-field="comment"] textarea').fill('材料齐全，予以受理');
    const corrected = await server.api(ARBITRATOR, 'POST', `/api/cases/${id}/correct`,
      {values: {employer: '长春宏达建筑有限公司'}, comment: '用人单位名称更正'});
    assert.equal(corrected.status, 200, JSON.stringify(corrected.body));
    await accept.getByRole('button', {name: '确认办理'}).click();
    await page.getByText('案件在您办理期间已有更新').waitFor();
    const restored = page.locator('form[data-event="accept"]');
    await restored.locator('.unsent-notice').waitFor();
    assert.match(await restored.locator('.unsent-notice').innerText(), /保留.*尚未提交/);
    assert.equal(await restored.getByLabel('请求金额（元）').inputValue(), '9300');
    assert.equal(await restored.locator('[data-field="comment"] textarea').inputValue(), '材料齐全，予以受理');
    assert.equal((await server.api(CLERK, 'GET', `/api/cases/${id}`)).body.state, 'intake');
    await restored.getByRole('button', {name: '确认办理'}).click();
    await page.locator('#case-state').filter({hasText: '已受理'}).waitFor();
    const {body} = await server.api(CLERK, 'GET', `/api/cases/${id}`);
    assert.equal(body.data.claim_amount, '9300.00');
    assert.equal(body.data.employer, '长春宏达建筑有限公司');
    noScriptErrors(page);
    await page.context().close();
  });

  // The network fails on the way: the clerk is told in Chinese, and what
  // they typed stays in the form to send again.
  it('says in Chinese when the server cannot be reached, keeping the form', async () => {
    const {id, page} = await clerkOnCase('邓辉');
    await page.getByRole('button', {name: '转至「撤回申请」'}).click();
    const withdraw = page.locator('form[data-event="withdraw"]');
    await withdraw.locator('[data-field="comment"] textarea').fill('申请人撤回申请');
    await page.route('**/api/cases/*/events', (route) => route.abort('internetdisconnected'));
    await withdraw.getByRole('button', {name: '确认办理'}).click();
    await withdraw.getByText('无法连接服务器').waitFor();
    await page.unroute('**/api/cases/*/events');
    assert.equal(await withdraw.locator('[data-field="comment"] textarea').inputValue(), '申请人撤回申请');
    await withdraw.getByRole('button', {name: '确认办理'}).click();
    await page.locator('#case-state').filter({hasText: '撤回'}).waitFor();
    await page.context().close();
  });

  // A keyboard user walks a filter's options with the arrow keys: each
  // step draws the list again, and the keyboard stays on the filter.
  it('wraps a very long employer name in My work instead of widening the list', async () => {
    const {status, body} = await server.api(CLERK, 'POST', '/api/cases', {
      workflow: 'wage-arbitration-fasttrack',
      values: {worker_name: '韩长名', employer: `Construction${'X'.repeat(400)}Ltd`, region: '长春市',
        claim_amount: '8600'},
    });
    assert.equal(status, 201, JSON.stringify(body));
    const page = await newPage(browser);
    await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
    const row = page.locator(`#case-table tbody tr[data-case-id="${body.id}"]`);
    await row.waitFor();
    const widths = await page.locator('.cases-wrap').evaluate((wrap) =>
      ({table: wrap.scrollWidth, frame: wrap.clientWidth, page: document.documentElement.scrollWidth}));
    assert.ok(widths.table <= widths.frame && widths.page <= 1360, JSON.stringify(widths));
    noScriptErrors(page);
    await page.context().close();
  });

  it('keeps the keyboard on a filter of My work as it is changed', async () => {
    const page = await newPage(browser);
    await logIn(page, server.url, DIRECTOR, server.tokens.get(DIRECTOR));
    await page.getByRole('heading', {name: '我的待办'}).waitFor();
    const chosen = [];
    await page.getByLabel('流程', {exact: true}).focus();
    for (let step = 0; step < 2; step++) {
      const before = await page.evaluate(() => location.hash);
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction((old) => location.hash !== old, before);
      await page.getByRole('heading', {name: '我的待办'}).waitFor();
      await page.waitForFunction(() => document.activeElement?.name === 'workflow');
      const hash = await page.evaluate(() => location.hash);
      chosen.push(new URLSearchParams(hash.split('?')[1] || '').get('workflow'));
    }
    assert.equal(new Set(chosen).size, 2, chosen.join());
    noScriptErrors(page);
    await page.context().close();
  });

  // Switching the language or the page draws it again: with something
  // typed and not sent, the clerk is asked first, and may stay.
  it('asks before switching the language would clear what was typed', async () => {
    const page = await newPage(browser);
    await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
    await page.goto(`${server.url}/#/open/wage-arbitration-fasttrack`);
    const form = page.locator('form.open-form');
    await form.getByLabel('劳动者姓名').fill('孔亮');
    const asked = [];
    page.once('dialog', (dialog) => { asked.push(dialog.message()); dialog.dismiss(); });
    await page.getByRole('button', {name: 'English'}).click();
    assert.match(asked[0] || '', /尚未提交/);
    assert.equal(await form.getByLabel('劳动者姓名').inputValue(), '孔亮');
    page.once('dialog', (dialog) => { asked.push(dialog.message()); dialog.dismiss(); });
    await page.getByRole('link', {name: '我的待办'}).click();
    assert.equal(asked.length, 2);
    assert.match(await page.evaluate(() => location.hash), /^#\/open\//);
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', {name: 'English'}).click();
    await page.getByRole('button', {name: '中文'}).waitFor();
    await page.getByRole('button', {name: '中文'}).click();  // nothing typed now: not asked
    await page.getByRole('button', {name: 'English'}).waitFor();
    noScriptErrors(page);
    await page.context().close();
  });

  // The skip link moves the keyboard to the content and stays on the page
  // (the addresses are #/... routes: "#main" was read as an unknown page).
  it('skips to the content without leaving the page', async () => {
    const {id, page} = await clerkOnCase('田野');
    await page.getByRole('link', {name: '跳到正文'}).focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    assert.equal(await page.evaluate(() => location.hash), `#/case/${id}`);
    await page.getByRole('heading', {name: `案件 ${id}`, exact: true}).waitFor();
    noScriptErrors(page);
    await page.context().close();
  });

  // The same for a case being opened: the workflow, every value and the
  // office (a province-wide user gives it) wait in the tab for the same
  // user, in the same workflow's form, and are not sent by themselves.
  it('keeps a case being opened that the ended session refused', async () => {
    const page = await newPage(browser);
    const form = page.locator('form.open-form[data-workflow="wage-arbitration-fasttrack"]');
    const value = (name) => form.locator(`[data-field="${name}"]`).locator('input, select, textarea').inputValue();
    try {
      await logIn(page, server.url, DIRECTOR, server.tokens.get(DIRECTOR));
      await page.goto(`${server.url}/#/open/wage-arbitration-fasttrack`);
      await form.getByLabel('劳动者姓名').fill('冯晓东');
      await form.getByLabel('用人单位').fill('延吉市兴华食品有限公司');
      await form.getByLabel('地区').selectOption('延边朝鲜族自治州');
      await form.locator('[data-field="claim_amount"] input').fill('23400');
      await form.locator('[data-field="worker_phone"] input').fill('13604331234');
      await form.getByLabel('结案说明').fill('申请人称欠薪三个月\n共八人');
      await form.getByText('后续环节填写的信息').click();
      await form.locator('[data-field="hearing_date"] input').fill('2025-02-20');
      await form.getByLabel('所属机构').fill(CLERK_OFFICE);
      const before = await caseCount(DIRECTOR);
      await server.setClock('2025-01-24T18:00:00+08:00');
      await form.getByRole('button', {name: '立案'}).click();
      await page.getByText('登录已失效，请重新登录。').waitFor();
      assert.match(await tabStorage(page), /冯晓东/);
      assert.doesNotMatch(await browserStorage(page), /冯晓东|13604331234|23400/, 'nothing typed outlives the tab');

      await logInHere(page, DIRECTOR);
      await form.locator('.unsent-notice').waitFor();
      assert.match(await form.locator('.unsent-notice').innerText(), /未提交.*保留.*尚未提交.*「立案」/);
      assert.equal(await value('worker_name'), '冯晓东');
      assert.equal(await value('employer'), '延吉市兴华食品有限公司');
      assert.equal(await value('region'), '延边朝鲜族自治州');
      assert.equal(await value('claim_amount'), '23400');
      assert.equal(await value('worker_phone'), '13604331234');
      assert.equal(await value('outcome_notes'), '申请人称欠薪三个月\n共八人');
      assert.equal(await value('hearing_date'), '2025-02-20');
      assert.equal(await form.locator('details.group-later').getAttribute('open'), '', 'a kept later field is shown');
      assert.equal(await value('office'), CLERK_OFFICE);
      assert.equal(await caseCount(DIRECTOR), before, 'nothing was sent');
      assert.doesNotMatch(await tabStorage(page), /冯晓东/, 'a restored entry is dropped');
      await screenshot(page, 'open-unsent-restored');

      await form.getByRole('button', {name: '立案'}).click();
      await page.locator('#case-state').waitFor();
      const id = (await page.getByRole('status').innerText()).match(/2025-\d{6}/)[0];
      assert.equal(await caseCount(DIRECTOR), before + 1);
      const {body} = await server.api(DIRECTOR, 'GET', `/api/cases/${id}`);
      assert.equal(body.office, CLERK_OFFICE);
      assert.equal(body.data.worker_name, '冯晓东');
      assert.equal(body.data.claim_amount, '23400.00');
      assert.equal(body.data.hearing_date, '2025-02-20');
      assert.equal(await tabStorage(page), '{}');
      noScriptErrors(page);
    } finally {
      await server.setClock(START);
    }
    await page.context().close();
  });

  // And for a consultation: every value and the advice typed.
  it('keeps a consultation the ended session refused', async () => {
    const page = await newPage(browser);
    const form = page.locator('form.consult-form');
    try {
      await logIn(page, server.url, CONSULTANT, server.tokens.get(CONSULTANT));
      await page.getByRole('link', {name: '登记咨询'}).click();
      await form.getByLabel('工会驿站').check();
      await form.getByLabel('申请人姓名').fill('褚文静');
      await form.getByLabel('联系电话').fill('13944061234');
      await form.getByLabel('工伤赔偿').check();
      await form.getByLabel('咨询答复').fill('告知先申请工伤认定，再主张工伤保险待遇');
      const before = await caseCount(CONSULTANT);
      await server.setClock('2025-01-24T18:00:00+08:00');
      await form.getByRole('button', {name: '保存咨询记录'}).click();
      await page.getByText('登录已失效，请重新登录。').waitFor();
      assert.match(await tabStorage(page), /褚文静/);
      assert.doesNotMatch(await browserStorage(page), /褚文静|13944061234|工伤认定/, 'nothing typed outlives the tab');

      await logInHere(page, CONSULTANT);
      await form.locator('.unsent-notice').waitFor();
      assert.match(await form.locator('.unsent-notice').innerText(), /未提交.*保留.*尚未提交.*「保存咨询记录」/);
      assert.equal(await form.getByLabel('工会驿站').isChecked(), true);
      assert.equal(await form.getByLabel('申请人姓名').inputValue(), '褚文静');
      assert.equal(await form.getByLabel('联系电话').inputValue(), '13944061234');
      assert.equal(await form.getByLabel('工伤赔偿').isChecked(), true);
      assert.equal(await form.getByLabel('咨询答复').inputValue(), '告知先申请工伤认定，再主张工伤保险待遇');
      assert.equal(await caseCount(CONSULTANT), before, 'nothing was sent');
      assert.doesNotMatch(await tabStorage(page), /褚文静/, 'a restored entry is dropped');
      await screenshot(page, 'consult-unsent-restored');

      await form.getByRole('button', {name: '保存咨询记录'}).click();
      const saved = page.getByRole('status').filter({hasText: '已保存咨询记录'});
      await saved.waitFor();
      const id = (await saved.innerText()).match(/2025-\d{6}/)[0];
      assert.equal(await caseCount(CONSULTANT), before + 1);
      const {body} = await server.api(CONSULTANT, 'GET', `/api/cases/${id}`);
      assert.equal(body.state, 'advice_given');
      assert.equal(body.data.channel, '工会驿站');
      assert.equal(body.data.applicant_name, '褚文静');
      assert.equal(body.data.claim_type, '工伤赔偿');
      assert.equal(body.data.advice_notes, '告知先申请工伤认定，再主张工伤保险待遇');
      assert.equal(await form.locator('.unsent-notice').count(), 0);
      assert.equal(await tabStorage(page), '{}');
      noScriptErrors(page);
    } finally {
      await server.setClock(START);
    }
    await page.context().close();
  });

  it('says what a correction leaves behind: a final award judged on the claim as first entered', async () => {
    const id = await openFastTrackCase('孙磊');
    const events = `/api/cases/${id}/events`;
    for (const [user, body] of [
      [CLERK, {event: 'accept'}],
      [CLERK, {event: 'start_mediation'}],
      [CLERK, {event: 'fail_mediation', values: {hearing_date: '2025-02-20'}}],
      [ARBITRATOR, {event: 'award', values: {award_amount: '8000'}}],
    ]) {
      const {status, body: answer} = await server.api(user, 'POST', events, body);
      assert.equal(status, 200, JSON.stringify(answer));
    }
    const page = await newPage(browser);
    await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
    await page.goto(`${server.url}/#/case/${id}`);
    await page.locator('#case-state').filter({hasText: '裁决结案'}).waitFor();
    await page.getByRole('button', {name: '更正信息'}).click();
    const correct = page.locator('form[data-event="correct"]');
    await correct.getByLabel('请求金额（元）').fill('30000');
    await correct.getByLabel('说明（必填）').fill('请求金额以仲裁申请书为准，录入有误');
    await correct.getByRole('button', {name: '确认办理'}).click();
    const status = page.getByRole('status').filter({hasText: '已办理：更正信息'});
    await status.waitFor();
    assert.match(await status.locator('.check-notes-head').innerText(), /^更正只改动了所填的信息。请核对/);
    const notes = await status.locator('.check-notes li').allInnerTexts();
    assert.deepEqual(notes, ['终局裁决是办理 award 时按 「请求金额（元）」 <= 12 * min_monthly_wage 计算的：'
      + '按更正后的信息应为「否」，案件中为「是」。']);
    assert.match(await status.locator('.check-notes li').getAttribute('title'),
      /^final_award \(.+\) was computed by event award as claim_amount <= 12 \* min_monthly_wage: with the corrected values it comes out false, the case holds true; correct it too if it follows$/);
    await screenshot(page, 'case-correct-check');
    const {body} = await server.api(CLERK, 'GET', `/api/cases/${id}`);
    assert.equal(body.data.claim_amount, '30000.00');
    assert.equal(body.data.final_award, true, 'a correction changes only what it names');

    // Clearing a value that a step the case took asked for says so too.
    await page.getByRole('button', {name: '更正信息'}).click();
    await correct.getByLabel('裁决金额（元）').fill('');
    await correct.getByLabel('说明（必填）').fill('裁决金额待与裁决书核对');
    await correct.getByRole('button', {name: '确认办理'}).click();
    const required = page.getByRole('status').locator('.check-notes li[data-kind="required"]');
    await required.waitFor();
    assert.equal(await required.innerText(),
      '办理 award 进入「裁决结案」时须填写裁决金额（元），更正后该项为空：查明后请填入正确的值。');
    assert.equal(await required.getAttribute('title'),
      'award_amount (裁决金额（元）) is required by event award into awarded, and the correction '
      + 'leaves it empty: enter its right value once it is known');
    noScriptErrors(page);
    await page.context().close();
  });

  it('logs a consultation with one short form', async () => {
    const page = await newPage(browser);
    await logIn(page, server.url, CONSULTANT, server.tokens.get(CONSULTANT));
    await page.getByRole('link', {name: '登记咨询'}).click();
    const save = page.getByRole('button', {name: '保存咨询记录'});
    await save.waitFor();
    await screenshot(page, 'consult');
    const started = Date.now();
    await page.getByLabel('12351热线').check();
    await page.getByLabel('咨询答复').pressSequentially('告知可申请劳动仲裁，并说明所需证据材料', {delay: 40});
    await save.click();
    const saved = page.getByRole('status').filter({hasText: '已保存咨询记录'});
    await saved.waitFor();
    const seconds = (Date.now() - started) / 1000;
    assert.ok(seconds < 30, `saving took ${seconds} s`);
    const id = (await saved.innerText()).match(/2025-\d{6}/)[0];
    const {body} = await server.api(CONSULTANT, 'GET', `/api/cases/${id}`);
    assert.equal(body.state, 'advice_given');
    assert.equal(body.data.channel, '12351热线');
    assert.equal(body.data.advice_notes, '告知可申请劳动仲裁，并说明所需证据材料');
    await screenshot(page, 'consult-saved');

    // The next one starts from an empty form with the channel kept.
    assert.equal(await page.getByLabel('咨询答复').inputValue(), '');
    assert.equal(await page.getByLabel('12351热线').isChecked(), true);
    // Another office's clerk does not see it.
    const {body: list} = await server.api(CLERK, 'GET', '/api/cases?limit=500');
    assert.ok(!list.cases.some((c) => c.id === id));
    // Sent and emptied, the form holds nothing to lose: leaving asks nothing.
    let asked = false;
    page.once('dialog', (dialog) => { asked = true; dialog.dismiss(); });
    await page.getByRole('link', {name: '我的待办'}).click();
    await page.getByRole('heading', {name: '我的待办'}).waitFor();
    assert.equal(asked, false);
    // A case number that does not exist (or not for this office) is said
    // in Chinese, with what to check.
    await page.goto(`${server.url}/#/case/2025-999999`);
    const missing = page.getByText('没有找到案件 2025-999999：请核对案件编号');
    await missing.waitFor();
    noScriptErrors(page);
    await page.context().close();
  });

  it('shows the workflows with their diagrams, and a pasted broken workflow with its diagnostics', async () => {
    const page = await newPage(browser);
    await logIn(page, server.url, DIRECTOR, server.tokens.get(DIRECTOR));
    await page.getByRole('link', {name: '流程管理'}).click();
    await page.getByRole('link', {name: /农民工工资争议速裁/}).click();
    const diagram = page.locator('#workflow-diagram');
    await diagram.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector('#workflow-diagram');
      return img && img.complete && img.naturalWidth > 0;
    });
    assert.match(await diagram.getAttribute('src'), /\/api\/workflows\/wage-arbitration-fasttrack\/diagram/);
    assert.equal(await page.locator('#workflow-roles').innerText(), '立案员、调解员、仲裁员、负责人');
    await screenshot(page, 'workflows');

    // A broken copy of a shipped workflow: an unknown state and field.
    const shipped = await readFile(path.join(server.paths.workflows, 'wage-arbitration-fasttrack.yaml'), 'utf8');
    const broken = shipped.replace('to: accepted', 'to: acepted').replace('requires: [hearing_date]', 'requires: [hearing_dat]');
    assert.notEqual(broken, shipped);
    const file = path.join(server.folder, 'pasted.yaml');
    await writeFile(file, broken);
    // At the server's time, so that both see the same calendar warnings.
    const expected = await server.run('--now', START, 'validate', file);
    assert.equal(expected.code, 1, expected.stderr);
    const cli = [...expected.stdout.matchAll(/pasted\.yaml:(\d+):(\d+): (error|warning): (.*)/g)]
      .map(([, line, column, severity, message]) => `${line}:${column} ${severity} ${message}`);
    assert.ok(cli.length >= 2, `wageflow validate found: ${expected.stdout}`);

    await page.getByLabel('YAML 文本').fill(broken);
    await page.getByRole('button', {name: '校验'}).click();
    const items = page.locator('#diagnostics .diagnostic');
    await items.first().waitFor();
    const shown = await items.evaluateAll((list) => list.map((item) =>
      `${item.dataset.line}:${item.dataset.column} ${item.classList.contains('diagnostic-error') ? 'error' : 'warning'} ` +
      item.querySelector('.diagnostic-message').textContent));
    assert.deepEqual(shown, cli, 'the page shows what `wageflow validate` says, at the same lines and columns');
    assert.match(await page.locator('#diagnostics').innerText(), /unknown state 'acepted'/);
    // Each line in error is marked, and a click puts the cursor there.
    const [firstLine] = cli[0].split(':');
    assert.match(await page.locator('.gutter-error').first().innerText(), new RegExp(`^${firstLine}`));
    await items.first().getByRole('button').click();
    const cursor = await page.getByLabel('YAML 文本').evaluate((t) => t.value.slice(0, t.selectionStart).split('\n').length);
    assert.equal(String(cursor), firstLine);
    await screenshot(page, 'validate');
    noScriptErrors(page);
    await page.context().close();
  });

  it('simulates the deadlines of the chosen workflow, and of a changed one before it is published', async () => {
    const page = await newPage(browser);
    await logIn(page, server.url, DIRECTOR, server.tokens.get(DIRECTOR));
    await page.getByRole('link', {name: '流程管理'}).click();
    await page.getByRole('link', {name: /农民工工资争议速裁/}).click();
    await page.locator('#workflow-diagram').waitFor();

    // The published workflow: accepting on the 7th working day misses the
    // 5-working-day acceptance deadline (Sunday 01-26 is a make-up day).
    await page.getByLabel('立案时间').fill('2025-01-20');
    await page.getByLabel('办理步骤').fill('accept@+7wd');
    await page.getByRole('button', {name: '试算'}).click();
    const summary = page.locator('#simulation .validate-summary');
    await summary.waitFor();
    assert.equal(await summary.innerText(), '错过 1 个法定期限。');
    const missed = page.locator('#simulation .simulate-missed li[data-timer="acceptance_decision"]');
    assert.match(await missed.innerText(), /截止 2025-01-26.*于 2025-01-27 00:00（周一） 超期/);
    // The step, its role and what the clock did before it, in Chinese.
    const accepted = page.locator('#simulation .simulate-step[data-index="1"]');
    assert.match(await accepted.locator('.simulate-step-head').innerText(), /2025-02-05 09:00（周三）[\s\S]*以 立案员 身份/);
    assert.ok((await accepted.locator('.simulate-clock li').allInnerTexts())
      .includes('2025-01-27 00:00（周一）：期限「受理审查期限」已超期'),
      (await accepted.locator('.simulate-clock li').allInnerTexts()).join(' | '));

    // A changed text in the editor (10 working days to accept) is
    // simulated instead, and shows what `wageflow simulate` prints for it.
    const shipped = await readFile(path.join(server.paths.workflows, 'wage-arbitration-fasttrack.yaml'), 'utf8');
    const changed = shipped.replace('duration: 5 working_days\n    start: {enter: intake}',
      'duration: 10 working_days\n    start: {enter: intake}');
    assert.notEqual(changed, shipped);
    const file = path.join(server.folder, 'changed.yaml');
    await writeFile(file, changed);
    const steps = 'accept@+7wd, correct{claim_amount=9000}@+1d, start_mediation@+1d';
    const cli = await server.cli('--now', START, 'simulate', file, '--from', '2025-01-20',
      '--set', 'claim_amount=8600', '--path', steps);
    const cliDue = (name, step) => {
      const block = cli.stdout.split(/^\[\d+\] /m)[step + 1];
      return block.match(new RegExp(`timer ${name} .*?due (\\S+?),`))[1];
    };
    await page.getByLabel('YAML 文本').fill(changed);
    await page.getByLabel('办理步骤').fill(steps);
    await page.getByLabel(/立案信息/).fill('claim_amount=8600');
    await page.getByRole('button', {name: '试算'}).click();
    await page.waitForFunction(() => document.querySelector('#simulation .validate-summary.valid'));
    assert.match(await summary.innerText(), /^步骤全部完成：先行调解 \(mediation\)，办理中；未错过法定期限。$/);
    const due = (step, name) => page.locator(
      `#simulation .simulate-step[data-index="${step}"] .simulate-timer[data-timer="${name}"]`).getAttribute('data-due');
    assert.equal(await due(0, 'acceptance_decision'), cliDue('acceptance_decision', 0));
    assert.equal(await due(0, 'acceptance_decision'), '2025-02-08', '10 working days over 春节 2025: Saturday 02-08 is a make-up day');
    assert.equal(await due(1, 'award_limit'), cliDue('award_limit', 1));
    assert.match(await page.locator('#simulation .simulate-step[data-index="2"] .simulate-corrected').innerText(),
      /claim_amount=9000\.00 \(was 8600\.00\)/);
    await screenshot(page, 'simulate');

    // A correction after the award says which computed value it leaves behind.
    await page.getByLabel('办理步骤').fill('accept, start_mediation@+1d, fail_mediation{hearing_date=2025-02-20}@+1d, '
      + 'award{award_amount=8000}@2025-02-20, correct{claim_amount=30000}@+1d');
    await page.getByRole('button', {name: '试算'}).click();
    const check = page.locator('#simulation .simulate-step[data-index="5"] .simulate-check li');
    await check.waitFor();
    assert.match(await check.innerText(),
      /^请核对：final_award \(终局裁决\) was computed by event award as claim_amount <= 12 \* min_monthly_wage: with the corrected values it comes out false, the case holds true; correct it too if it follows$/);

    // An expiry event no row takes (a guard added to answer_period_lapsed):
    // the clock line says why it was not fired, nobody is named.
    const arbitration = await readFile(path.join(server.paths.workflows, 'wage-arbitration.yaml'), 'utf8');
    const guarded = arbitration.replace('  - event: answer_period_lapsed\n    from: answer_period\n',
      '  - event: answer_period_lapsed\n    from: answer_period\n    guard: claim_amount > 100000\n');
    assert.notEqual(guarded, arbitration);
    await page.getByLabel('YAML 文本').fill(guarded);
    await page.getByLabel('立案时间').fill('2026-03-02');
    await page.getByLabel('办理步骤').fill('accept@+0d, serve_copy{arbitrator_name=赵}@+1d, answer_received@2026-03-25');
    await page.getByRole('button', {name: '试算'}).click();
    const notFired = page.locator('#simulation .simulate-clock li').filter({hasText: '未自动办理'});
    await notFired.waitFor();
    assert.match(await notFired.innerText(),
      /（周.）：期限「答辩期」届满，未自动办理：event answer_period_lapsed was not fired from state answer_period: the condition is not met: claim_amount > 100000; the case stays in state answer_period for staff to move on$/);
    assert.doesNotMatch((await page.locator('#simulation .simulate-clock').allInnerTexts()).join(' | '), /上报/);
    await page.getByLabel('立案时间').fill('2025-01-20');

    // A path the server cannot read is said so, next to the form.
    await page.getByLabel('办理步骤').fill('accept@+3x');
    await page.getByRole('button', {name: '试算'}).click();
    await page.locator('#simulate .form-message:not([hidden])').waitFor();
    assert.match(await page.locator('#simulate .form-message:not([hidden])').innerText(),
      /^办理路径写法有误（格式如 accept@\+2wd, settle\{recovered_amount=8000\}@\+10d）：step 1 'accept@\+3x': /);
    assert.equal(await page.locator('#simulation .simulate-step').count(), 0, 'the earlier run is cleared');
    // A malformed opening time, in the page's language.
    await page.getByLabel('办理步骤').fill('accept');
    await page.getByLabel('立案时间').fill('2025/01/20');
    await page.getByRole('button', {name: '试算'}).click();
    await page.locator('#simulate .form-message:not([hidden])').filter({hasText: '立案时间应写作'}).waitFor();
    assert.match(await page.locator('#simulate .form-message:not([hidden])').innerText(), /而不是“2025\/01\/20”/);
    await page.getByLabel('立案时间').fill('2025-01-20');
    // A text with errors is not simulated; said in the page's language.
    await page.getByLabel('YAML 文本').fill(`${changed}\nbogus_key: 1\n`);
    await page.getByRole('button', {name: '试算'}).click();
    await page.locator('#simulate .form-message:not([hidden])').filter({hasText: '编辑框中的流程有 1 处错误'}).waitFor();
    // A calendar pasted by mistake is said to be one, not a broken workflow.
    const calendar = await readFile(path.join(server.paths.workflows, 'calendars', 'cn-mainland.yaml'), 'utf8');
    await page.getByLabel('YAML 文本').fill(calendar);
    await page.getByRole('button', {name: '试算'}).click();
    await page.locator('#simulate .form-message:not([hidden])')
      .filter({hasText: '编辑框中是日历文件，不能试算：请粘贴流程定义。'}).waitFor();
    await page.getByLabel('YAML 文本').fill(changed);
    const {body: list} = await server.api(DIRECTOR, 'GET', '/api/cases?limit=500');
    assert.ok(!list.cases.some((c) => c.data && c.data.claim_amount === '9000.00'), 'nothing was stored');

    // A month before the calendar's last listed day, the page says that
    // later deadlines are provisional until the next year is added.
    assert.equal(await page.locator('#calendar-ending').count(), 0);
    try {
      await server.setClock('2026-11-30T09:00:00+08:00');
      // Nearly two years on, the session has expired: log in again.
      await logIn(page, server.url, DIRECTOR, server.tokens.get(DIRECTOR));
      await page.goto(`${server.url}/#/workflows/wage-arbitration-fasttrack`);
      const ending = page.locator('#calendar-ending');
      await ending.waitFor();
      assert.match(await ending.innerText(), /^日历 cn-mainland 只列到 2026-12-31：此后的期限只按周末推算/);
      await screenshot(page, 'workflows-calendar-ending');
    } finally {
      await server.setClock(START);
    }
    noScriptErrors(page);
    await page.context().close();
  });

  it('switches to English and keeps the choice', async () => {
    const page = await newPage(browser);
    await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
    await page.getByRole('button', {name: 'English'}).click();
    await page.getByRole('heading', {name: 'My work'}).waitFor();
    await page.reload();
    await page.getByRole('heading', {name: 'My work'}).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.match(await page.locator('#case-table').innerText(), /Application received|Settled by mediation/);
    await screenshot(page, 'work-en');
    await page.getByRole('button', {name: '中文'}).click();
    await page.getByRole('heading', {name: '我的待办'}).waitFor();
    noScriptErrors(page);
    await page.context().close();
  });

  it('refuses a cross-site form post and path traversal, writing nothing', async () => {
    const id = await openFastTrackCase('陈静');
    const {body: before} = await server.api(CLERK, 'GET', `/api/cases/${id}`);
    const page = await newPage(browser);
    await logIn(page, server.url, CLERK, server.tokens.get(CLERK));

    // Another origin on this machine posts a form at the case with the
    // clerk's session cookie: 403, the case unchanged.
    const target = `${server.url}/api/cases/${id}/events`;
    const evil = createServer((request, response) => {
      response.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
      response.end(`<!doctype html><form method="post" action="${target}">
        <input name="event" value="accept"><input name="csrf_token" value="guess"></form>
        <script>document.forms[0].submit()</script>`);
    });
    await new Promise((resolve) => evil.listen(0, '127.0.0.1', resolve));
    try {
      const answer = page.waitForResponse((r) => r.url() === target);
      await page.goto(`http://127.0.0.1:${evil.address().port}/`);
      const response = await answer;
      assert.equal(response.status(), 403);
      assert.match((await response.json()).detail, /not from this server's pages; nothing was changed/);
    } finally {
      evil.close();
    }
    const {body: after} = await server.api(CLERK, 'GET', `/api/cases/${id}`);
    assert.equal(after.row_version, before.row_version);
    assert.equal(after.state, 'intake');

    // The same post without the CSRF token from our own origin: 403 too.
    await page.goto(`${server.url}/#/work`);
    const status = await page.evaluate(async (url) => (await fetch(url, {method: 'POST',
      headers: {'Content-Type': 'application/json'}, body: JSON.stringify({event: 'accept'})})).status, target);
    assert.equal(status, 403);

    // Path traversal in static files, sent raw (a browser would normalise it).
    for (const raw of ['/static/../CMakeLists.txt', '/static/..%2f..%2fCMakeLists.txt',
      '/static/%2e%2e/%2e%2e/workflows/legal-aid.yaml', '/static/.hidden', '/static/pages/..%5c..%5capp.js']) {
      const {status: code, body} = await new Promise((resolve, reject) => {
        const url = new URL(server.url);
        const req = httpRequest({host: url.hostname, port: url.port, path: raw}, (res) => {
          let text = '';
          res.on('data', (chunk) => { text += chunk; });
          res.on('end', () => resolve({status: res.statusCode, body: text}));
        });
        req.on('error', reject);
        req.end();
      });
      assert.ok(code >= 400 && code < 500, `${raw}: ${code}`);
      assert.doesNotMatch(body, /cmake_minimum_required|workflow: legal-aid|import /, raw);
    }
    const {body: unchanged} = await server.api(CLERK, 'GET', `/api/cases/${id}`);
    assert.equal(unchanged.row_version, before.row_version);
    noScriptErrors(page);
    await page.context().close();
  });

  it('turns a deadline amber, then red, as the server clock moves', async () => {
    const id = await openFastTrackCase('孙丽');
    const page = await newPage(browser);
    await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
    const light = page.locator(`[data-case-id="${id}"] [data-timer="acceptance_decision"]`);
    assert.equal(await light.getAttribute('data-status'), 'running');

    // Waits for the server's tick, reloading My work as a clerk would. The
    // move ends the clerk's session (it lasts 8 hours of server time): the
    // page asks for the login again.
    const waitForStatus = async (status) => {
      await page.reload();
      await page.getByText('登录已失效，请重新登录。').or(page.getByRole('heading', {name: '登录'})).first().waitFor();
      await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
      for (let attempt = 0; attempt < 40; attempt++) {
        await page.reload();
        await page.getByRole('heading', {name: '我的待办'}).waitFor();
        if (await light.getAttribute('data-status') === status) return;
        await page.waitForTimeout(250);
      }
      assert.fail(`the light of case ${id} never turned ${status}`);
    };
    await server.setClock('2025-02-06T09:00:00+08:00');
    await waitForStatus('warned');
    assert.match(await light.innerText(), /临近到期/);
    await screenshot(page, 'work-amber');

    await server.setClock('2025-02-08T09:00:00+08:00');
    await waitForStatus('overdue');
    assert.match(await light.innerText(), /已超期/);
    assert.equal(await light.locator('.light').evaluate((node) => getComputedStyle(node.querySelector('.light-dot')).backgroundColor),
      'rgb(217, 45, 32)');
    await screenshot(page, 'work-red');

    await page.goto(`${server.url}/#/case/${id}`);
    const deadline = page.locator('#deadlines [data-timer="acceptance_decision"]');
    await deadline.waitFor();
    assert.equal(await deadline.getAttribute('data-status'), 'overdue');
    assert.match(await page.locator('#timeline').innerText(), /期限提醒[\s\S]*期限超期|期限超期[\s\S]*期限提醒/);
    await screenshot(page, 'case-overdue');
    noScriptErrors(page);
    await page.context().close();
  });

  it('tells in Chinese why a deadline was counted again once the calendar listed its year', async () => {
    // A deadline reaching 2027, which cn-mainland does not list: provisional.
    await server.setClock('2026-12-28T09:00:00+08:00');
    try {
      const id = await openFastTrackCase('吴刚');
      const page = await newPage(browser);
      await logIn(page, server.url, CLERK, server.tokens.get(CLERK));
      await page.goto(`${server.url}/#/case/${id}`);
      // The provisional count is explained in Chinese, the calendar's name
      // and all.
      const provisional = page.locator('#deadlines [data-timer="acceptance_decision"]');
      await provisional.waitFor();
      const explained = await provisional.innerText();
      assert.match(explained, /日历 cn-mainland 未列出 2027 年，仅按周末判断/);
      assert.doesNotMatch(explained, /judged|weekends|after/);

      // `timers recompute` on a copy of the workflows whose calendar lists
      // 2027 (INVENTED for this test: New Year's Day only).
      const workflows = path.join(server.folder, 'workflows-with-2027');
      await cp(server.paths.workflows, workflows, {recursive: true});
      const calendar = path.join(workflows, 'calendars', 'cn-mainland.yaml');
      await writeFile(calendar, `${await readFile(calendar, 'utf8')}  2027:\n    holidays: ['2027-01-01']\n    workdays: []\n`);
      const {stdout} = await promisify(execFile)(server.paths.binary, ['--db', server.db, '--workflows', workflows,
        '--now', '2026-12-29T09:00:00+08:00', 'timers', 'recompute'], {env: {...process.env, WAGEFLOW_LOG: 'warn'}});
      assert.match(stdout, new RegExp(`^${id} acceptance_decision: due 2027-01-04 \\(provisional\\) -> 2027-01-05$`, 'm'));

      await page.reload();
      const recount = page.locator('#timeline .record[data-kind="timer_recompute"]');
      await recount.waitFor();
      assert.match(await recount.innerText(), /按日历 cn-mainland 的现行安排重新计算（原截止 2027-01-04 为暂定）/);
      noScriptErrors(page);
      await page.context().close();
    } finally {
      await server.setClock(START);
    }
  });
});

// An expiry event (the ordinary procedure's answer period lapsing) that a
// recount finds past due while its case is suspended waits for the resume
// (docs/deadlines.md): the page says so in Chinese, on the deadline and in
// the timeline, not in the engine's English.
describe('an expiry held in a suspended case', () => {
  it('says on the page that the resume will do it', async () => {
    const own = await WageflowServer.start({now: '2027-01-14T10:00:00+08:00'});
    try {
      const at = (now, ...args) => own.cli('--now', now, ...args);
      const opened = await at('2026-12-21T09:00:00+08:00', 'case', 'open', 'wage-arbitration',
        '--actor', '李明', '--role', 'intake_clerk', '--set', 'worker_name=刘强',
        '--set', 'employer=松原市恒基建设有限公司', '--set', 'region=松原市', '--set', 'claim_amount=32000');
      const id = opened.stdout.trim().split('\n').at(-1).trim();
      await at('2026-12-22T09:00:00+08:00', 'case', 'fire', id, 'accept', '--actor', '李明', '--role', 'intake_clerk');
      await at('2026-12-28T09:00:00+08:00', 'case', 'fire', id, 'serve_copy', '--actor', '吴磊',
        '--role', 'tribunal_clerk', '--set', 'arbitrator_name=孙伟');
      await at('2027-01-12T00:10:00+08:00', 'timers', 'tick');
      await at('2027-01-13T10:00:00+08:00', 'case', 'suspend', id, '--actor', '孙伟', '--role', 'arbitrator',
        '--comment', '等待工资表');
      // The calendar lists 2027 (INVENTED for this test: New Year's Day
      // only): the answer period was due 01-12, before the suspension.
      const workflows = path.join(own.folder, 'workflows-with-2027');
      await cp(own.paths.workflows, workflows, {recursive: true});
      const calendar = path.join(workflows, 'calendars', 'cn-mainland.yaml');
      await writeFile(calendar, `${await readFile(calendar, 'utf8')}  2027:\n    holidays: ['2027-01-01']\n    workdays: []\n`);
      own.paths.workflows = workflows;
      const recounted = await at('2027-01-14T09:00:00+08:00', 'timers', 'recompute');
      assert.match(recounted.stdout, /answer_period_lapsed is held until the case is resumed/);

      await own.addUser('周处长', {roles: ['director'], office: '吉林省劳动人事争议仲裁院', province: true});
      await own.listen();
      const page = await newPage(browser);
      await logIn(page, own.url, '周处长', own.tokens.get('周处长'));
      await page.goto(`${own.url}/#/case/${id}`);
      const deadline = page.locator('#deadlines [data-timer="answer_period"]');
      await deadline.waitFor();
      assert.equal(await deadline.getAttribute('data-status'), 'overdue');
      const held = await deadline.innerText();
      assert.match(held, /暂缓自动办理：.+（案件中止中，恢复时办理）/, held);
      // Two overdue records: the tick's on the provisional date, the
      // recount's on the confirmed one.
      const records = page.locator('#timeline li[data-kind="timer_overdue"]');
      await records.first().waitFor();
      const texts = await records.allInnerTexts();
      assert.equal(texts.length, 2, texts.join('\n---\n'));
      const text = texts.find((each) => each.includes('2027-01-12')) || texts.join('\n---\n');
      assert.match(text, /截止 2027-01-12 · 案件已中止：.+暂缓自动办理，恢复案件时办理/, text);
      assert.doesNotMatch(text, /is not fired|suspended/, text);
      await screenshot(page, 'case-expiry-held-resume');
      noScriptErrors(page);
      await page.context().close();
    } finally {
      await own.stop();
    }
  });
});

// The legal-aid time to sue runs through a suspension (`on_suspend: run`):
// a suspended case's page says so on that deadline, and not on a paused one.
describe('a deadline that runs through a suspension', () => {
  it('says on the page that the suspension does not stop it', async () => {
    const own = await WageflowServer.start({now: '2025-11-21T10:00:00+08:00'});
    try {
      const at = (now, ...args) => own.cli('--now', now, ...args);
      const opened = await at('2025-11-03T09:00:00+08:00', 'case', 'open', 'legal-aid', '--actor', '王芳',
        '--role', 'consultant', '--set', 'channel=来访');
      const id = opened.stdout.trim().split('\n').at(-1).trim();
      await at('2025-11-03T10:00:00+08:00', 'case', 'fire', id, 'apply', '--actor', '王芳', '--role', 'consultant',
        '--set', 'applicant_name=李秀英', '--set', 'employer=吉林市鑫源劳务派遣有限公司', '--set', 'region=吉林市',
        '--set', 'claim_type=劳动报酬', '--set', 'applicant_is_migrant_worker=true', '--set', 'claim_amount=12000');
      await at('2025-11-03T11:00:00+08:00', 'case', 'fire', id, 'grant', '--actor', '陈静', '--role', 'reviewer');
      await at('2025-11-03T12:00:00+08:00', 'case', 'fire', id, 'assign_lawyer', '--actor', '刘洋',
        '--role', 'coordinator', '--set', 'lawyer_name=周律师', '--set', 'law_firm=吉林正德律师事务所');
      await at('2025-11-03T13:00:00+08:00', 'case', 'fire', id, 'represent_in_arbitration', '--actor', '周律师',
        '--role', 'lawyer');
      await at('2025-11-14T09:00:00+08:00', 'case', 'fire', id, 'award_received', '--actor', '周律师',
        '--role', 'lawyer');
      await at('2025-11-20T09:00:00+08:00', 'case', 'suspend', id, '--actor', '刘洋', '--role', 'coordinator',
        '--comment', '等待劳动者补充证据');

      await own.addUser('周处长', {roles: ['director'], office: '吉林省劳动人事争议仲裁院', province: true});
      await own.listen();
      const page = await newPage(browser);
      await logIn(page, own.url, '周处长', own.tokens.get('周处长'));
      await page.goto(`${own.url}/#/case/${id}`);
      const suit = page.locator('#deadlines [data-timer="suit_window"]');
      await suit.waitFor();
      assert.equal(await suit.getAttribute('data-status'), 'running');
      const text = await suit.innerText();
      assert.match(text, /案件中止期间照常计算，不暂停/, text);
      assert.match(text, /2025-12-01/, text);
      // The other deadlines of the case are not counting: no such note.
      for (const other of await page.locator('#deadlines [data-timer]:not([data-timer="suit_window"])').allInnerTexts()) {
        assert.doesNotMatch(other, /照常计算/, other);
      }
      await screenshot(page, 'case-suspended-runs-on');
      noScriptErrors(page);
      await page.context().close();
    } finally {
      await own.stop();
    }
  });
});

// An expiry event no row takes (answer_period_lapsed given `requires:
// [hearing_date]`): the case stays, past its deadline; the page says so on
// the deadline, with the engine's reason (docs/deadlines.md).
describe('an expiry event not fired', () => {
  it('says on the deadline that the case waits for staff', async () => {
    const own = await WageflowServer.start({now: '2025-03-20T09:00:00+08:00'});
    try {
      const workflows = path.join(own.folder, 'workflows-requiring-hearing-date');
      await cp(own.paths.workflows, workflows, {recursive: true});
      const file = path.join(workflows, 'wage-arbitration.yaml');
      const row = '  - event: answer_period_lapsed\n    from: answer_period\n    to: pre_hearing\n';
      const text = await readFile(file, 'utf8');
      assert.ok(text.includes(row));
      await writeFile(file, text.replace(row, `${row}    requires: [hearing_date]\n`));
      own.paths.workflows = workflows;
      const at = (now, ...args) => own.cli('--now', now, ...args);
      const opened = await at('2025-03-03T09:00:00+08:00', 'case', 'open', 'wage-arbitration',
        '--actor', '李明', '--role', 'intake_clerk', '--set', 'worker_name=刘强',
        '--set', 'employer=松原市恒基建设有限公司', '--set', 'region=松原市', '--set', 'claim_amount=32000');
      const id = opened.stdout.trim().split('\n').at(-1).trim();
      await at('2025-03-04T09:00:00+08:00', 'case', 'fire', id, 'accept', '--actor', '李明', '--role', 'intake_clerk');
      await at('2025-03-05T09:00:00+08:00', 'case', 'fire', id, 'serve_copy', '--actor', '吴磊',
        '--role', 'tribunal_clerk', '--set', 'arbitrator_name=孙伟');
      const ticked = await at('2025-03-20T00:10:00+08:00', 'timers', 'tick');
      assert.match(ticked.stderr, /timer answer_period expired: event answer_period_lapsed was not fired/);

      await own.addUser('周处长', {roles: ['director'], office: '吉林省劳动人事争议仲裁院', province: true});
      await own.listen();
      const page = await newPage(browser);
      await logIn(page, own.url, '周处长', own.tokens.get('周处长'));
      await page.goto(`${own.url}/#/case/${id}`);
      const deadline = page.locator('#deadlines [data-timer="answer_period"]');
      await deadline.waitFor();
      assert.equal(await deadline.getAttribute('data-status'), 'expired');
      const shown = await deadline.innerText();
      assert.match(shown,
        /期限届满，未自动办理，待办案人员处理：event answer_period_lapsed was not fired from state answer_period: it requires hearing_date \(开庭日期\) to be set/,
        shown);
      await screenshot(page, 'case-expiry-not-fired');
      noScriptErrors(page);
      await page.context().close();
    } finally {
      await own.stop();
    }
  });
});

// A wageflow before 2026-12-01 kept no counted_to for a "days" due date that
// rolled past rest days; `timers recompute --all` keeps it for such a timer
// whose due date stays the same (docs/deadlines.md, "Suspension"). The
// timeline says why in the page's language, not in the engine's English.
describe('a due date counted before counted_to was kept', () => {
  it('says in the timeline why it was counted again', async () => {
    const now = '2026-01-22T09:00:00+08:00';
    const own = await WageflowServer.start({now});
    try {
      const exported = path.join(own.paths.source, 'tests/e2e/data/export-v2-before-counted-to.jsonl');
      await own.cli('import', exported);
      const recounted = await own.cli('--now', now, 'timers', 'recompute', '--all');
      assert.match(recounted.stdout, /2026-000001 award_limit: due 2026-03-05 -> 2026-02-28/);
      await own.addUser('周处长', {roles: ['director'], office: '吉林省劳动人事争议仲裁院', province: true});
      await own.listen();
      const page = await newPage(browser);
      await logIn(page, own.url, '周处长', own.tokens.get('周处长'));
      await page.goto(`${own.url}/#/case/2026-000002`);
      await page.getByRole('heading', {name: '案件 2026-000002', exact: true}).waitFor();
      const record = page.locator('#timeline li[data-kind="timer_recompute"]');
      await record.waitFor();
      const text = await record.innerText();
      assert.match(text, /记下顺延前期间届满之日供中止时计算剩余期间（截止日不变）/, text);
      assert.doesNotMatch(text, /counted again|counted_to/, text);
      await screenshot(page, 'case-counted-to');
      noScriptErrors(page);
      await page.context().close();
    } finally {
      await own.stop();
    }
  });
});
