import {describe, expect, it, vi} from 'vitest';
import {themeFor} from '../../../src/front/ink/theme.js';
import {WizardApp} from '../../../src/front/ink/WizardApp.js';
import {runInk} from '../../../src/front/ink/run-ink.js';
import {fakeTerminal} from '../../helpers/fake-terminal.js';
import {toSetup} from '../../../src/wizard/answers.js';
import {FLOW} from '../../../src/wizard/flow.js';
import {createWizard, startWizard, type WizardState} from '../../../src/wizard/machine.js';
import {fakePorts, TEST_CONTEXT, type FakeAnswers} from '../../helpers/fake-ports.js';
import {KEY, renderInk, waitForFrame} from '../../helpers/ink.js';

function mount(answers: FakeAnswers = {}, inputs: Record<string, string | boolean> = {}, dryRun = false) {
	const wizard = createWizard(FLOW, TEST_CONTEXT);
	const started = startWizard(wizard, {inputs});
	if ('errors' in started) throw new Error(started.errors.join());
	const {ports, calls} = fakePorts(answers);
	const onEnd = vi.fn<(state: WizardState) => void>();
	const app = renderInk(<WizardApp wizard={wizard} initial={started.state} ports={ports} theme={themeFor({NO_COLOR: '1'})} onEnd={onEnd} dryRun={dryRun} />);
	return Object.assign(app, {calls, onEnd});
}

describe('the Ink wizard', () => {
	it('walks all four stages with the fake ports and ends with a summary', async () => {
		// As with --no-launch: the commands to run later are shown.
		const w = mount({}, {launch: false});
		await w.at('Step 1 of 4 · Authorize network', KEY.enter);
		await w.at('? Host name or IP address', 'db.internal', KEY.enter);
		await w.at('? SQL port: 26257', KEY.enter);
		await w.at('Step 2 of 4 · Create SQL user');
		expect(w.lastFrame()).toContain('✔ Reach db.internal:26257 over TCP · reached 127.0.0.1:26257');
		await w.at('? SQL user name', 'ana', KEY.enter);
		await w.at('? How does this user log in?', KEY.enter);
		await w.at('? Password for the SQL user', 'p@ss w!', KEY.enter);
		await w.at('Step 3 of 4 · Choose connection method');
		await w.at('? TLS mode', KEY.enter);
		await w.at('? CA certificate file', KEY.enter);
		await w.at('? Database', KEY.enter);
		await w.at('? How will you connect?', KEY.enter);
		await w.at('Step 4 of 4 · Connect');
		const frame = (await waitForFrame(w.lastFrame, '✔ Ready to connect')).replace(/\n/g, '');
		expect(frame).toContain('Connection string  postgresql://ana@db.internal:26257/defaultdb?sslmode=verify-full&sslrootcert=/home/ana/.cockroach-certs/ca.crt');
		expect(frame).toContain('Run it later with one of:');
		expect(frame).not.toContain('p@ss w!');
		expect(frame).toContain('✔ Password for the SQL user · ••••••••');
		await vi.waitFor(() => expect(w.onEnd).toHaveBeenCalled());
		const state = w.onEnd.mock.calls[0]![0];
		expect(state.status).toBe('done');
		expect(toSetup(state.answers)).toEqual({host: 'db.internal', port: 26257, user: 'ana', password: 'p@ss w!', database: 'defaultdb', sslmode: 'verify-full', sslrootcert: '/home/ana/.cockroach-certs/ca.crt'});
		expect(state.answers.launch).toBe(false);
		expect(w.calls.probe).toEqual([{host: 'db.internal', port: 26257}]);
		expect(w.calls.ca).toEqual(['/home/ana/.cockroach-certs/ca.crt']);
		expect(w.calls.check[0]).toMatchObject({user: 'ana', password: 'p@ss w!'});
	});

	it('shows "Tab edit the default" only while the line is empty (Tab does nothing once text is typed)', async () => {
		const w = mount();
		await w.at('Step 1 of 4 · Authorize network', KEY.enter);
		await w.at('? Host name or IP address', 'db.internal', KEY.enter);
		const empty = await w.ready('? SQL port: 26257');
		expect(empty).toContain('Tab edit the default');
		w.press('2');
		const typed = await w.ready('? SQL port: 2');
		expect(typed).not.toContain('Tab edit the default');
		expect(typed).toContain('Enter confirm');
		w.press(KEY.backspace);
		expect(await w.ready('Tab edit the default')).toContain('? SQL port: 26257');
	});

	it('shows "Tab edit the default" again when Back returns to a question whose line had text', async () => {
		// The TCP check never answers: Esc during it goes back to the port, with the typed answer as the default.
		const w = mount({probe: () => new Promise(() => undefined)}, {source: 'host', host: 'db.one'});
		await w.at('? SQL port: 26257', '2');
		expect(await w.ready('? SQL port: 2')).not.toContain('Tab edit the default');
		w.press(KEY.enter);
		await w.at('Reach db.one:2 over TCP', KEY.escape);
		expect(await w.ready('? SQL port: 2')).toContain('Tab edit the default');
	});

	it('goes back with Esc and keeps the earlier answer as the default', async () => {
		const w = mount();
		await w.at('How do you reach', KEY.enter);
		await w.at('? Host name', 'db.one', KEY.enter);
		await w.at('? SQL port', KEY.escape);
		await w.at('? Host name or IP address of a node or load balancer: db.one');
		// The scrollback keeps what was answered, and says where Esc went.
		expect(w.lastFrame()).toContain('↩ back to: Host name or IP address of a node or load balancer');
	});

	it('drops the result of a task run that went stale when the person went back and came again', async () => {
		const runs: Array<(address: string) => void> = [];
		const w = mount({probe: () => new Promise(resolve => runs.push(address => resolve({address})))}, {source: 'host', host: 'db.one'});
		await w.at('? SQL port', KEY.enter);
		await vi.waitFor(() => expect(runs).toHaveLength(1));
		await w.at('Reach db.one:26257 over TCP', KEY.escape);
		await w.at('? SQL port', KEY.enter);
		await vi.waitFor(() => expect(runs).toHaveLength(2));
		// The first run answers after the second started: its answer belongs to a step the person left.
		runs[0]!('192.0.2.1:26257');
		runs[1]!('10.0.0.2:26257');
		const frame = await waitForFrame(w.lastFrame, '? SQL user name');
		expect(frame).toContain('reached 10.0.0.2:26257');
		expect(frame).not.toContain('192.0.2.1');
	});

	it.each([
		['a host name that does not resolve', 'ENOTFOUND', 'Host name or IP address'],
		['no route to the host', 'EHOSTUNREACH', 'Host name or IP address'],
		['no answer from the host', 'TIMEOUT', 'Host name or IP address'],
		['a refused connection (the host answered)', 'ECONNREFUSED', 'SQL port'],
	])('after %s, Back goes to the question whose answer is likeliest wrong', async (_what, code, question) => {
		const w = mount({
			probe: async () => {
				throw Object.assign(new Error(`db.nowhere:26257 failed (${code})`), {code});
			},
		}, {source: 'host'});
		await w.at('? Host name or IP address', 'db.nowhere', KEY.enter);
		await w.at('? SQL port: 26257', KEY.enter);
		await w.at(`failed (${code})`, KEY.down, KEY.enter);
		const frame = await w.ready(`↩ back to: ${question}`);
		expect(frame).toContain(question === 'SQL port' ? '? SQL port: 26257' : '? Host name or IP address of a node or load balancer: db.nowhere');
	});

	it('shows a failed task inline and retries it', async () => {
		let refusals = 1;
		const w = mount({
			probe: async () => {
				if (refusals-- > 0) throw new Error('db:26257 refused the connection: nothing listens there');
				return {address: '10.0.0.1:26257'};
			},
		}, {source: 'host', host: 'db', port: '26257'});
		await w.at('✖ Reach db:26257 over TCP');
		expect(w.lastFrame()).toContain('db:26257 refused the connection: nothing listens there\n❯ Retry');
		await w.at('❯ Retry', KEY.enter);
		await w.at('? SQL user name');
		expect(w.lastFrame()).toContain('reached 10.0.0.1:26257');
		expect(w.calls.probe).toHaveLength(2);
	});

	it('takes the rest from a pasted connection string', async () => {
		const w = mount();
		await w.at('How do you reach', KEY.down, KEY.enter);
		await w.at('? Paste the connection string', 'postgresql://maxroach:s3cr%21t@blue-dog.cockroachlabs.cloud:26257/bank?sslmode=verify-full&sslrootcert=/r/root.crt', KEY.enter);
		await w.at('? How will you connect?', KEY.enter);
		const frame = await waitForFrame(w.lastFrame, '✔ Ready to connect');
		expect(frame).toContain('✔ Paste the connection string · postgresql://maxroach:****@blue-dog.cockroachlabs.cloud:26257/bank');
		expect(frame).not.toContain('s3cr');
		expect(w.calls.check[0]).toMatchObject({user: 'maxroach', password: 's3cr!t', database: 'bank', sslrootcert: '/r/root.crt'});
	});

	it('reports a cancel on Ctrl-C, and turns raw mode off on the way out', async () => {
		const wizard = createWizard(FLOW, TEST_CONTEXT);
		const started = startWizard(wizard, {inputs: {}});
		if ('errors' in started) throw new Error();
		const streams = fakeTerminal();
		const outcome = runInk(wizard, started.state, fakePorts().ports, {NO_COLOR: '1'}, streams.ink);
		await waitForFrame(streams.stdout.lastFrame, 'How do you reach');
		// Until the wizard's key handler is attached a Ctrl-C is not seen: press it until the run ends.
		let ended = false;
		void outcome.finally(() => (ended = true));
		await vi.waitFor(() => {
			if (!ended) streams.stdin.write(KEY.ctrlC);
			expect(ended).toBe(true);
		}, {timeout: 10_000, interval: 20});
		await expect(outcome).resolves.toEqual({status: 'cancelled'});
		expect(streams.stdin.rawModes.at(-1)).toBe(false);
	});

	it('shows a code snippet when that is the chosen way to connect', async () => {
		const w = mount({}, {source: 'host', host: 'db', port: '26257', user: 'ana', auth: 'password', password: 'pw', database: 'defaultdb', sslmode: 'require'});
		await w.at('? How will you connect?', ...Array(9).fill(KEY.down), KEY.enter);
		// sslmode=require to a host that is not this machine: the password goes only after a yes (issue 11).
		await w.at('Yes: send the password to db:26257, sslmode=require: the server is not verified', KEY.down, KEY.enter);
		const frame = await waitForFrame(w.lastFrame, '✔ Ready to connect');
		expect(frame).toContain('✔ How will you connect? · Node.js pg');
		expect(frame).toContain("import pg from 'pg';");
		expect(frame).toContain('password: process.env.COCKROACH_PASSWORD,');
		expect(frame).not.toContain('Open the SQL shell now?');
	});

	it('--dry-run: the summary shows the launch it would make (URL in the environment, password masked), never "Opening"', async () => {
		const inputs = {source: 'host', host: 'localhost', port: '26257', user: 'ana', auth: 'password', password: 'p@ss w!', database: 'defaultdb', sslmode: 'verify-full', output: 'shell'};
		const cockroach = mount({shells: {cockroach: '/opt/bin/cockroach', psql: '/usr/bin/psql'}}, inputs, true);
		await cockroach.at('? CA certificate file', KEY.enter);
		const frame = (await waitForFrame(cockroach.lastFrame, '✔ Ready to connect')).replace(/\n/g, '').replace(/\s+/g, ' ');
		expect(frame).toContain("Dry run: cockroach is not opened. It would run: COCKROACH_URL='postgresql://ana:****@localhost:26257/defaultdb?sslmode=verify-full&sslrootcert=/home/ana/.cockroach-certs/ca.crt' /opt/bin/cockroach sql");
		expect(frame).not.toContain('Opening');
		expect(frame).not.toContain('p@ss');

		const psql = mount({shells: {psql: '/usr/bin/psql'}}, inputs, true);
		await psql.at('? CA certificate file', KEY.enter);
		const psqlFrame = (await waitForFrame(psql.lastFrame, '✔ Ready to connect')).replace(/\n/g, '').replace(/\s+/g, ' ');
		expect(psqlFrame).toContain("Dry run: psql is not opened. It would run: PGPASSWORD='****' /usr/bin/psql 'postgresql://ana@localhost:26257/defaultdb?sslmode=verify-full&sslrootcert=/home/ana/.cockroach-certs/ca.crt'");
		expect(psqlFrame).not.toContain('Opening');
	});
});
