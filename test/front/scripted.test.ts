import {describe, expect, it} from 'vitest';
import {chooseFrontEnd} from '../../src/front/choose.js';
import {missingFlags, runScripted} from '../../src/front/scripted.js';
import {toSetup} from '../../src/wizard/answers.js';
import {FLOW} from '../../src/wizard/flow.js';
import {createWizard, startWizard} from '../../src/wizard/machine.js';
import {fakePorts, TEST_CONTEXT} from '../helpers/fake-ports.js';

const wizard = createWizard(FLOW, TEST_CONTEXT);
function start(inputs: Record<string, string | boolean>) {
	const started = startWizard(wizard, {inputs});
	if ('errors' in started) throw new Error(started.errors.join());
	return started.state;
}

describe('chooseFrontEnd', () => {
	const tty = {stdinIsTTY: true, stdoutIsTTY: true, plain: false, yes: false};
	it('picks Ink on a terminal, plain for --plain or TERM=dumb, scripted without a TTY or with --yes', () => {
		expect(chooseFrontEnd(tty)).toBe('ink');
		expect(chooseFrontEnd({...tty, plain: true})).toBe('plain');
		expect(chooseFrontEnd({...tty, term: 'dumb'})).toBe('plain');
		expect(chooseFrontEnd({...tty, stdinIsTTY: false})).toBe('scripted');
		expect(chooseFrontEnd({...tty, yes: true, plain: true})).toBe('scripted');
	});
});

describe('the scripted front-end', () => {
	it('lists every flag still needed, without --yes', () => {
		expect(missingFlags(wizard, start({}), false)).toEqual(['--host or --url', '--port', '--user', '--auth', '--password-env', '--sslmode', '--ca-cert', '--database', '--format']);
	});

	it('with --yes needs only what has no default', () => {
		expect(missingFlags(wizard, start({}), true)).toEqual(['--user', '--password-env']);
	});

	it('runs no task when something is missing', async () => {
		const {ports, calls} = fakePorts();
		const outcome = await runScripted(wizard, start({source: 'host', host: 'db'}), ports, {yes: true, log: () => {}});
		expect(outcome).toEqual({status: 'missing', flags: ['--user', '--password-env']});
		expect(calls.probe).toHaveLength(0);
	});

	it('runs every task with the given answers and logs each', async () => {
		const {ports, calls} = fakePorts();
		const log: string[] = [];
		const outcome = await runScripted(wizard, start({source: 'host', host: 'db', user: 'ana', auth: 'password', password: 'pw', launch: false}), ports, {yes: true, log: line => log.push(line)});
		expect(outcome.status).toBe('done');
		if (outcome.status !== 'done') return;
		expect(toSetup(outcome.state.answers)).toMatchObject({host: 'db', port: 26257, database: 'defaultdb', sslmode: 'verify-full', sslrootcert: '/home/ana/.cockroach-certs/ca.crt'});
		expect(log).toEqual([
			'✔ Reach db:26257 over TCP: reached 127.0.0.1:26257',
			'✔ Read the CA certificate /home/ana/.cockroach-certs/ca.crt: O=Cockroach, CN=Cockroach CA, valid until 2030-01-01',
			'✔ Log in as ana and run SELECT version(): CockroachDB CCL v24.1.0 (x86_64-pc-linux-gnu)',
			'✔ Find a SQL shell (cockroach, cockroach-sql, psql): psql at /usr/bin/psql',
		]);
		expect(calls.check).toHaveLength(1);
	});

	it('stops at the first failed task', async () => {
		const {ports, calls} = fakePorts({probe: () => Promise.reject(new Error('db:26257 refused the connection'))});
		const outcome = await runScripted(wizard, start({source: 'host', host: 'db', user: 'ana', auth: 'password', password: 'pw'}), ports, {yes: true, log: () => {}});
		expect(outcome).toEqual({status: 'quit', reason: 'db:26257 refused the connection'});
		expect(calls.check).toHaveLength(0);
	});
});
