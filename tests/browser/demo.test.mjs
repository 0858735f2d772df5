// The demo database ./run.sh serves (examples/web-demo.sh): its users log in
// with the tokens it wrote down, each office sees its own cases, and My work
// shows deadlines in different states.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, readFile, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {after, before, describe, it} from 'node:test';

import {launchChromium, logIn, newPage, screenshot} from './support/browser.mjs';
import {WageflowServer, paths} from './support/server.mjs';

let server;
let browser;
let users;

before(async () => {
  const folder = await mkdtemp(path.join(tmpdir(), 'wageflow-web-demo-'));
  const {binary, source} = paths();
  await promisify(execFile)('bash', [path.join(source, 'examples', 'web-demo.sh'), binary, folder],
    {timeout: 120000});
  const file = path.join(folder, 'demo-users.txt');
  assert.equal((await stat(file)).mode & 0o077, 0, 'the token file is readable by its owner only');
  users = (await readFile(file, 'utf8')).trim().split('\n').map((line) => {
    const [name, token, rest] = line.split('\t');
    return {name, token, rest};
  });
  server = await WageflowServer.start({folder, db: path.join(folder, 'wageflow-demo.db')});
  for (const user of users) server.tokens.set(user.name, user.token);
  await server.listen();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the demo database of ./run.sh', () => {
  it('has a user for every role of the shipped workflows, each with a working token', async () => {
    const roles = new Set(users.flatMap((u) => u.rest.split(' @ ')[0].split(' ')));
    for (const role of ['intake_clerk', 'tribunal_clerk', 'mediator', 'arbitrator', 'director',
      'consultant', 'reviewer', 'coordinator', 'lawyer']) {
      assert.ok(roles.has(role), `no demo user with role ${role}`);
    }
    for (const user of users) {
      const {status, body} = await server.api(user.name, 'GET', '/api/session');
      assert.equal(status, 200, `${user.name}: ${JSON.stringify(body)}`);
      assert.equal(body.user, user.name);
    }
  });

  it('shows each office its own cases, with running, overdue and paused deadlines', async () => {
    const statuses = async (name) => {
      const {body} = await server.api(name, 'GET', '/api/cases?limit=500');
      return {
        offices: new Set(body.cases.map((c) => c.office)),
        timers: new Set(body.cases.flatMap((c) => c.timers.map((t) => t.status))),
        count: body.cases.length,
      };
    };
    const clerk = await statuses('李明');
    assert.deepEqual([...clerk.offices], ['长春市劳动人事争议仲裁院']);
    assert.ok(clerk.timers.has('running') && clerk.timers.has('paused'), [...clerk.timers].join());
    const aid = await statuses('王芳');
    assert.deepEqual([...aid.offices], ['长春市职工法律援助中心']);
    assert.ok(aid.timers.has('overdue'), [...aid.timers].join());
    const province = await statuses('张处长');
    assert.equal(province.count, clerk.count + aid.count);

    const page = await newPage(browser);
    await logIn(page, server.url, '张处长', server.tokens.get('张处长'));
    await page.getByRole('link', {name: '流程管理'}).waitFor();
    const lights = await page.locator('#case-table [data-status]').evaluateAll(
      (items) => new Set(items.map((item) => item.dataset.status)).size);
    assert.ok(lights >= 3, `${lights} kinds of lights`);
    // A paused deadline says what it has left, not a date already passed.
    const paused = page.locator('#case-table .timer-item[data-status="paused"]').first();
    assert.match(await paused.innerText(), /已暂停，恢复后剩余 \d+ (日|个工作日|小时)/);
    await screenshot(page, 'demo-work');
    // So does the case page: the old date only as a note.
    const suspended = await page.locator('#case-table [data-case-id]')
      .filter({has: page.locator('.timer-item[data-status="paused"]')}).first().getAttribute('data-case-id');
    await page.goto(`${server.url}/#/case/${suspended}`);
    const deadline = page.locator('#deadlines .deadline[data-status="paused"]').first();
    await deadline.waitFor();
    assert.match(await deadline.locator('.deadline-due').innerText(), /^已暂停，恢复后剩余 \d+ (日|个工作日|小时)$/);
    assert.match(await deadline.locator('.deadline-notes').innerText(), /中止前的截止日 \d{4}-\d{2}-\d{2}/);
    assert.deepEqual(page.scriptErrors, []);
    await page.context().close();
  });
});
