// A real `wageflow serve` for the browser tests: a fresh SQLite database in
// a temporary folder, the shipped workflows, users made with
// `wageflow user add` (their real tokens), a free loopback port and the
// test clock (POST /test/clock).
import {execFile, spawn} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

export function paths() {
  const binary = process.env.WAGEFLOW_BIN;
  const source = process.env.WAGEFLOW_SOURCE_DIR;
  if (!binary || !source) {
    throw new Error('set WAGEFLOW_BIN (the wageflow program) and WAGEFLOW_SOURCE_DIR (the repository)');
  }
  return {binary, source, workflows: path.join(source, 'workflows'), web: path.join(source, 'adapters', 'web')};
}

export class WageflowServer {
  // `now`: the server clock's start (it stands still until the test moves
  // it); without it the server runs on the system clock and has no test
  // clock. `folder` and `db`: an existing database to serve (the folder is
  // still removed by stop()); else a fresh one in a new temporary folder.
  static async start({now, folder, db} = {}) {
    const server = new WageflowServer();
    server.paths = paths();
    server.folder = folder || await mkdtemp(path.join(tmpdir(), 'wageflow-browser-'));
    server.db = db || path.join(server.folder, 'wageflow.db');
    server.now = now;
    server.tokens = new Map();
    return server;
  }

  // Runs `wageflow ARGS...` on the test database; resolves to
  // {code, stdout, stderr} whatever the exit code.
  async run(...args) {
    try {
      const {stdout, stderr} = await run(this.paths.binary,
        ['--db', this.db, '--workflows', this.paths.workflows, ...args],
        {env: {...process.env, WAGEFLOW_LOG: 'warn'}, timeout: 60000});
      return {code: 0, stdout, stderr};
    } catch (error) {
      if (typeof error.code !== 'number') throw error;
      return {code: error.code, stdout: error.stdout, stderr: error.stderr};
    }
  }

  // The same; rejects unless the exit code is 0.
  async cli(...args) {
    const result = await this.run(...args);
    if (result.code !== 0) {
      throw new Error(`wageflow ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    }
    return result;
  }

  // `wageflow user add NAME --role R... --office O [--province]`; keeps the
  // token it printed (the last line).
  async addUser(name, {roles, office, province = false}) {
    const args = ['user', 'add', name, ...roles.flatMap((role) => ['--role', role])];
    if (office) args.push('--office', office);
    if (province) args.push('--province');
    const {stdout} = await this.cli(...args);
    const token = stdout.trim().split('\n').at(-1).trim();
    if (!/^wft_[A-Za-z0-9_-]{20,}$/.test(token)) throw new Error(`no token in: ${stdout}`);
    this.tokens.set(name, token);
    return token;
  }

  // Starts serving on a free port; resolves once it printed its address.
  async listen() {
    const clock = this.now ? ['--now', this.now] : [];
    this.process = spawn(this.paths.binary, [
      '--db', this.db, '--workflows', this.paths.workflows, ...clock,
      'serve', '--listen', '127.0.0.1:0', '--web', this.paths.web,
      ...(this.now ? ['--test-clock'] : []),
      '--access-log', path.join(this.folder, 'access.log'),
    ], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, WAGEFLOW_LOG: 'warn'}});
    this.stderr = '';
    this.process.stderr.on('data', (chunk) => {
      this.stderr += chunk;
    });
    this.url = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`wageflow serve did not start: ${out}${this.stderr}`)), 30000);
      this.process.stdout.on('data', (chunk) => {
        out += chunk;
        const found = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      });
      this.process.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`wageflow serve exited with ${code}: ${out}${this.stderr}`));
      });
    });
    this.process.removeAllListeners('exit');
    return this.url;
  }

  // A JSON API call with a user's token. Resolves to {status, body}.
  async api(user, method, route, body) {
    const response = await fetch(this.url + route, {
      method,
      headers: {
        Authorization: `Bearer ${this.tokens.get(user)}`,
        ...(body === undefined ? {} : {'Content-Type': 'application/json'}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return {status: response.status, body: parsed};
  }

  // Moves the server clock (the server's tick loop runs at once).
  async setClock(now) {
    const response = await fetch(`${this.url}/test/clock`, {
      method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({now}),
    });
    if (response.status !== 200) throw new Error(`POST /test/clock: ${response.status} ${await response.text()}`);
  }

  // Stops the server with SIGTERM (it finishes what is in flight and exits
  // 0) and removes the folder. Rejects when it exited otherwise or a
  // sanitizer reported anything.
  async stop() {
    let problem = '';
    if (this.process) {
      if (this.process.exitCode === null && this.process.signalCode === null) {
        const exited = new Promise((resolve) => this.process.once('exit', resolve));
        this.process.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20000))]);
        if (this.process.exitCode === null) {
          this.process.kill('SIGKILL');
          problem = 'wageflow serve did not stop within 20 s of SIGTERM';
        }
      }
      if (!problem && this.process.exitCode !== 0) {
        problem = `wageflow serve exited with ${this.process.exitCode ?? this.process.signalCode}`;
      }
      if (/Sanitizer|runtime error:/.test(this.stderr)) problem = 'a sanitizer reported errors';
    }
    if (this.folder) await rm(this.folder, {recursive: true, force: true});
    if (problem) throw new Error(`${problem}:\n${this.stderr.slice(-4000)}`);
  }
}
