/**
Ctrl-C during a Cloud wait, through the real binary (bin/crdb-connect.js) in a pty: milliseconds from the Ctrl-C byte
written to the process's exit, against the spec-checking Cloud API server on loopback (test/helpers/cloud-api-server.ts),
beside the baseline of a bare Node that exits 130 on the same byte in the same pty. Every wait is bounded; every run's
process is killed if it is still there, and its temporary directories removed. Bundled and run by bench/run.mjs.
*/
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import {BIN} from '../test/helpers/cli.js';
import {keepLastOutput} from '../test/helpers/pty-drain.js';
import {makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../test/helpers/cloud-api-server.js';

/** One Ctrl-C, and how the process ended. */
export interface CtrlCRun {
	/** From the Ctrl-C write to the exit seen by the pty (undefined: it had not exited within both bounds). */
	ms: number | undefined;
	exitCode: number | undefined;
	/** The summary on screen names what the run changed (or, for the baseline, nothing to check). */
	truthful: boolean;
	/** Requests the Cloud API server saw after the Ctrl-C. */
	requestsAfter: number;
	/** When it did not exit in time: what each of its threads was doing (from /proc), for the report. */
	stuck?: string;
	/** The screen, when the summary was not the true one. */
	screen?: string;
}

/** A way to reach a wait and press Ctrl-C in it. */
export type Scenario = 'baseline' | 'first-question' | 'allowlist-sleep' | 'allowlist-in-flight' | 'cluster-creation';

const CLUSTER = '77777777-0000-4000-8000-000000000001';
const IP = '198.51.100.77';

/** The servers one bench shares across runs. */
export interface CtrlCBench {
	run(runtime: string, scenario: Scenario, options?: {exitBoundMs?: number; lateBoundMs?: number; freshCache?: boolean; env?: NodeJS.ProcessEnv}): Promise<CtrlCRun>;
	/** Close the servers and remove every temporary directory. */
	close(): Promise<void>;
}

/** A program in a pty whose screen is read as a person sees it. */
function terminal(runtime: string, args: string[], env: NodeJS.ProcessEnv) {
	const cols = 200;
	const term = new xterm.Terminal({cols, rows: 50, allowProposedApi: true});
	const child = pty.spawn(runtime, args, {name: 'xterm-256color', cols, rows: 50, cwd: process.cwd(), env: env as Record<string, string>});
	let exit: {at: bigint; code: number} | undefined;
	const exited = new Promise<void>(resolve => child.onExit(({exitCode}) => {
		exit = {at: process.hrtime.bigint(), code: exitCode};
		resolve();
	}));
	// xterm parses what it is given later, in batches: `parsed` settles once all written so far is on its screen.
	let parsed = Promise.resolve();
	const onData = (data: string) => {
		parsed = new Promise(resolve => term.write(data, resolve));
	};
	child.onData(onData);
	// What the program writes last (its summary) can be dropped by node-pty at the exit (test/helpers/pty-drain.ts).
	keepLastOutput(child, onData);
	const screen = () => {
		const lines: string[] = [];
		const buffer = term.buffer.active;
		for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
		return lines.join('\n');
	};

	/** Wait (bounded) until `ok()`; false when the bound passed or the program ended first. */
	const until = async (ok: () => boolean, timeoutMs: number): Promise<boolean> => {
		const deadline = Date.now() + timeoutMs;
		while (!ok()) {
			if (exit || Date.now() > deadline) return ok();
			await new Promise(resolve => setTimeout(resolve, 10));
		}

		return true;
	};

	return {
		child,
		screen,
		parsed: () => parsed,
		until,
		/** Wait for the text on screen; throws with the screen when it does not come. */
		async waitFor(text: string | RegExp, timeoutMs = 20_000): Promise<void> {
			const has = () => (typeof text === 'string' ? screen().includes(text) : text.test(screen()));
			if (!(await until(has, timeoutMs))) throw new Error(`"${String(text)}" did not show within ${timeoutMs} ms${exit ? ` (exited ${exit.code})` : ''}; the screen:\n${screen().trimEnd()}`);
		},
		exited,
		exit: () => exit,
		kill() {
			if (exit) return;
			try {
				child.kill('SIGKILL');
			} catch {
				// Gone meanwhile.
			}
		},
	};
}

/**
What each thread of `pid` is doing (name, state, kernel wait channel), read from /proc; with BENCH_CTRLC_GDB set, also
each thread's stack (gdb attaches to the process).
*/
function threadsOf(pid: number): string {
	try {
		const tasks = execFileSync('ls', [`/proc/${pid}/task`], {encoding: 'utf8'}).split('\n').filter(Boolean);
		let threads = tasks.map(tid => {
			const read = (file: string) => {
				try {
					return readFileSync(`/proc/${pid}/task/${tid}/${file}`, 'utf8').trim();
				} catch {
					return '?';
				}
			};

			const stat = read('stat');
			// The state is the field after the parenthesised name.
			const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
			return `${tid} ${read('comm')} ${state} ${read('wchan')}`;
		}).join('; ');
		if (process.env.BENCH_CTRLC_GDB) {
			try {
				threads += `\n${execFileSync('gdb', ['-p', String(pid), '-batch', '-ex', 'thread apply all bt 20'], {encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe']})}`;
			} catch (error) {
				threads += `\n(gdb: ${(error as Error).message})`;
			}
		}

		return threads;
	} catch (error) {
		return `(no /proc: ${(error as Error).message})`;
	}
}

/** The baseline: a bare Node in the same pty that puts it in raw mode, as the wizard does, and exits 130 on the Ctrl-C byte. */
const BASELINE_SCRIPT = `process.stdin.setRawMode(true);process.stdin.on('data',d=>{if(d.includes(3))process.exit(130)});process.stdout.write('ready\\n')`;

/** Start the Cloud API server and the public-IP stand-in on loopback. */
export async function startCtrlCBench(): Promise<CtrlCBench> {
	const cloud: CloudApiServer = await startCloudApiServer({clusters: [makeCluster({id: CLUSTER, name: 'bench-basic', plan: 'BASIC', cloud: 'GCP', sqlHost: 'localhost'})]});
	const ipService = await startIpService(IP);
	const dirs: string[] = [];
	// The bench's own temporary directory, so the code cache is this bench's (as bench/run.mjs does).
	const tmpdir = mkdtempSync(path.join(os.tmpdir(), 'crdb-bench-ctrlc-'));
	dirs.push(tmpdir);

	async function run(runtime: string, scenario: Scenario, {exitBoundMs = 10_000, lateBoundMs = 0, freshCache = false, env: extraEnv = {}}: {exitBoundMs?: number; lateBoundMs?: number; freshCache?: boolean; env?: NodeJS.ProcessEnv} = {}): Promise<CtrlCRun> {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-bench-ctrlc-home-'));
		dirs.push(home);
		// A temporary directory of the run's own: no code cache yet, so the run writes one (at exit when that comes first).
		const runTmp = freshCache ? mkdtempSync(path.join(os.tmpdir(), 'crdb-bench-ctrlc-tmp-')) : tmpdir;
		if (freshCache) dirs.push(runTmp);
		const env = {
			...process.env,
			CI: 'false',
			NO_COLOR: '1',
			TERM: 'xterm-256color',
			TMPDIR: runTmp,
			HOME: home,
			USER: 'ana',
			COCKROACH_API_KEY: cloud.apiKey,
			COCKROACH_SERVER: cloud.url,
			CRDB_CONNECT_IP_URL: ipService.url,
			...extraEnv,
		};
		// Fresh state: no allowlist entry, no cluster made by an earlier run, nothing held.
		cloud.state.allowlists[CLUSTER] = [];
		cloud.state.propagatingFor[CLUSTER] = 1_000_000;
		cloud.state.creationPolls = 1_000_000;
		cloud.state.clusters.splice(1);
		cloud.clearFaults();
		const args = scenario === 'baseline'
			? ['-e', BASELINE_SCRIPT]
			: scenario === 'first-question'
				? [BIN]
				: scenario === 'cluster-creation'
				? [BIN, '--create-cluster', 'bench-new', '--cloud', 'AWS', '--region', 'us-east-1']
				: [BIN, '--allow-current-ip', '--cluster', 'bench-basic'];
		const t = terminal(runtime, args, env);
		try {
			if (scenario === 'baseline') {
				await t.waitFor('ready');
			} else if (scenario === 'first-question') {
				await t.waitFor('? How do you reach the cluster?');
			} else if (scenario === 'cluster-creation') {
				await t.waitFor(/Create the free Basic cluster bench-new on AWS us-east-1 and wait until it is ready\s+\(\d+\.\d s\)/);
			} else {
				await t.waitFor('❯ Accept the plan');
				// Enter again only while the plan is still the open question (a key sent before Ink listens is lost).
				for (let attempt = 0; attempt < 5 && t.screen().includes('❯ Accept the plan'); attempt++) {
					t.child.write('\r');
					await t.until(() => !t.screen().includes('❯ Accept the plan'), 2000);
				}

				// The rule is in and the wait shows its elapsed time: the wizard is polling.
				await t.waitFor(/Add 198\.51\.100\.77\/32 to the allowlist and wait for it to apply\s+\(\d+\.\d s\)/);
				if (scenario === 'allowlist-in-flight') {
					// The next poll is held by the server for 3 s: Ctrl-C lands while the request is in flight.
					cloud.fault({method: 'GET', path: /\/networking\/allowlist$/, delayMs: 3000, times: 1});
					if (!(await t.until(() => cloud.inFlight > 0, 10_000))) throw new Error('no allowlist poll was held within 10 s');
				}
			}

			const seen = cloud.requests.length;
			const sent = process.hrtime.bigint();
			t.child.write('\u0003');
			const within = (ms: number) => Promise.race([t.exited.then(() => true), new Promise<boolean>(resolve => setTimeout(() => resolve(false), ms).unref())]);
			let stuck: string | undefined;
			// Past the bound: what its threads are doing, then a while longer to see whether it ends by itself.
			if (!(await within(exitBoundMs))) {
				stuck = threadsOf(t.child.pid);
				await within(lateBoundMs);
			}

			const exit = t.exit();
			// node-pty reports the exit once it has read all the output; the screen shows it once xterm parsed it.
			await Promise.race([t.parsed(), new Promise(resolve => setTimeout(resolve, 2000).unref())]);
			const screen = t.screen();
			const truthful = scenario === 'baseline'
				|| (scenario === 'first-question' && screen.includes('Cancelled: nothing was changed.'))
				|| (scenario === 'cluster-creation'
					? screen.includes('Cancelled.') && screen.includes('created the free Basic cluster bench-new on AWS us-east-1')
					: screen.includes('Cancelled.') && screen.includes(`added ${IP}/32 to the IP allowlist of bench-basic`) && !/nothing was changed/i.test(screen));
			return {ms: exit ? Number(exit.at - sent) / 1e6 : undefined, exitCode: exit?.code, truthful, requestsAfter: cloud.requests.length - seen, ...(stuck ? {stuck} : {}), ...(truthful ? {} : {screen: screen.trimEnd()})};
		} finally {
			t.kill();
			await Promise.race([t.exited, new Promise(resolve => setTimeout(resolve, 2000).unref())]);
			rmSync(home, {recursive: true, force: true});
			if (freshCache) rmSync(runTmp, {recursive: true, force: true});
		}
	}

	return {
		run,
		async close() {
			await cloud.close();
			ipService.close();
			for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
			if (cloud.violations.length > 0) throw new Error(`the Cloud API server saw requests or answers outside the spec: ${cloud.violations.join('; ')}`);
		},
	};
}

/** Median and minimum of the runs that exited; how many exited 130, told the truth, and sent nothing after Ctrl-C. */
export function summarize(runs: CtrlCRun[]): {median: number | undefined; min: number | undefined; max: number | undefined; exit130: number; truthful: number; quiet: number; hung: number} {
	const times = runs.map(r => r.ms).filter((ms): ms is number => ms !== undefined).sort((a, b) => a - b);
	return {
		median: times[Math.floor(times.length / 2)],
		min: times[0],
		max: times.at(-1),
		exit130: runs.filter(r => r.exitCode === 130).length,
		truthful: runs.filter(r => r.truthful).length,
		quiet: runs.filter(r => r.requestsAfter === 0).length,
		hung: runs.filter(r => r.ms === undefined).length,
	};
}
