import {screen} from '@inquirer/testing/vitest';
import {describe, expect, it, vi} from 'vitest';
import {runPlain} from '../../../src/front/plain/run-plain.js';
import {toSetup} from '../../../src/wizard/answers.js';
import {FLOW} from '../../../src/wizard/flow.js';
import {createWizard, startWizard} from '../../../src/wizard/machine.js';
import {fakePorts, TEST_CONTEXT} from '../../helpers/fake-ports.js';

function start(inputs: Record<string, string | boolean> = {}, answers: Parameters<typeof fakePorts>[0] = {}) {
	const wizard = createWizard(FLOW, TEST_CONTEXT);
	const started = startWizard(wizard, {inputs});
	if ('errors' in started) throw new Error(started.errors.join());
	const lines: string[] = [];
	const {ports, calls} = fakePorts(answers);
	const outcome = runPlain(wizard, started.state, ports, {write: line => lines.push(line), keys: screen.input});
	return {outcome, lines, calls};
}

/** Answer the prompt on screen: type text (if any), then Enter, then wait for the next prompt. */
async function answer(expected: string, text = '') {
	expect(screen.getScreen()).toContain(expected);
	if (text) screen.type(text);
	screen.keypress('enter');
	await screen.next();
}

describe('the plain front-end', () => {
	it('asks the same flow line by line and returns the setup', async () => {
		const run = start();
		await answer('How do you reach the cluster?');
		await answer('Host name or IP address', 'db.internal');
		await answer('SQL port · Esc back (26257)');
		await answer('SQL user name', 'ana');
		await answer('How does this user log in?');
		await answer('Password for the SQL user', 'p@ss w!');
		expect(screen.getScreen()).not.toContain('p@ss');
		await answer('TLS mode (sslmode)');
		await answer('CA certificate file');
		await answer('Database · Esc back (defaultdb)');
		// "Open a SQL shell here" is the answer: no second "open it now?" question, so no next prompt either.
		expect(screen.getScreen()).toContain('How will you connect?');
		screen.keypress('enter');
		const outcome = await run.outcome;
		expect(outcome.status).toBe('done');
		if (outcome.status !== 'done') return;
		expect(toSetup(outcome.state.answers)).toMatchObject({host: 'db.internal', user: 'ana', password: 'p@ss w!', sslrootcert: '/home/ana/.cockroach-certs/ca.crt'});
		expect(run.lines).toEqual(expect.arrayContaining([
			'\nStep 1 of 4 · Authorize network',
			'✔ Reach db.internal:26257 over TCP: reached 127.0.0.1:26257',
			'\nStep 4 of 4 · Connect',
		]));
	});

	it('goes back with the "← Back" choice and keeps the earlier answer as the default', async () => {
		const run = start({source: 'host', host: 'db.internal', port: '26257'});
		// The TCP check runs first; then the first question.
		await vi.waitFor(() => expect(screen.getScreen()).toContain('SQL user name'));
		await answer('SQL user name', 'ana');
		expect(screen.getScreen()).toContain('How does this user log in?');
		// The list wraps: Up from the first choice lands on the last one, "← Back".
		screen.keypress('up');
		await vi.waitFor(() => expect(screen.getScreen()).toMatch(/❯ ← Back/));
		screen.keypress('enter');
		await screen.next();
		expect(screen.getScreen()).toContain('SQL user name (ana)');
		// Nothing was lost: Enter takes the kept answer and the flow goes on where it was.
		screen.keypress('enter');
		await screen.next();
		expect(screen.getScreen()).toContain('How does this user log in?');
		expect(run.lines).not.toContain(expect.stringContaining('✖'));
	});

	it('goes back with Esc on a text question, and says so on the prompt (not on the first question)', async () => {
		const run = start({source: 'host'});
		expect(screen.getScreen()).toContain('Host name or IP address');
		expect(screen.getScreen()).not.toContain('Esc back');
		screen.type('db.internal');
		screen.keypress('enter');
		await vi.waitFor(() => expect(screen.getScreen()).toContain('SQL port · Esc back (26257)'));
		screen.keypress('escape');
		await screen.next();
		expect(screen.getScreen()).toContain('Host name or IP address');
		expect(run.lines).toContain('↩ back to: Host name or IP address of a node or load balancer');
	});

	it('shows a validation error and asks again', async () => {
		const run = start({source: 'host'});
		screen.type('bad host');
		screen.keypress('enter');
		await screen.next();
		expect(screen.getScreen()).toContain('a host name cannot contain spaces');
		expect(run.calls.probe).toHaveLength(0);
	});

	it('reports a cancel when the person presses Ctrl-C at a prompt', async () => {
		const run = start();
		expect(screen.getScreen()).toContain('How do you reach the cluster?');
		screen.keypress({name: 'c', ctrl: true});
		await expect(run.outcome).resolves.toEqual({status: 'cancelled'});
	});

	it('offers retry / back / continue / quit after a failed task, and quits', async () => {
		const run = start({source: 'host', host: 'db', port: '1'}, {probe: async () => Promise.reject(new Error('db:1 refused the connection'))});
		await vi.waitFor(() => expect(screen.getScreen()).toContain('What now?'));
		// Flags answered every earlier step, so there is nothing to go back to.
		expect(screen.getScreen()).toMatch(/Retry\s+Continue anyway\s+Quit/);
		screen.keypress('down');
		screen.keypress('down');
		screen.keypress('enter');
		await expect(run.outcome).resolves.toEqual({status: 'quit', reason: 'db:1 refused the connection'});
		expect(run.lines).toContain('✖ Reach db:1 over TCP: db:1 refused the connection');
	});
});
