import {describe, expect, it} from 'vitest';
import {FLOW} from '../../src/wizard/flow.js';
import {blamedBy} from '../../src/stages/connect.js';
import {createWizard, startWizard, type WizardState} from '../../src/wizard/machine.js';
import {toSetup, type Answers} from '../../src/wizard/answers.js';
import type {QuestionStep} from '../../src/wizard/step-types.js';
import {TEST_CONTEXT} from '../helpers/fake-ports.js';

const wizard = createWizard(FLOW, TEST_CONTEXT);

function start(inputs: Record<string, string | boolean> = {}): WizardState {
	const started = startWizard(wizard, {inputs});
	if ('errors' in started) throw new Error(started.errors.join('; '));
	return started.state;
}

const stepId = (state: WizardState) => wizard.current(state)?.id;
const answer = (state: WizardState, value: string | boolean) => wizard.reduce(state, {type: 'answer', value});
const done = (state: WizardState, detail = 'ok') => wizard.reduce(state, {type: 'taskDone', result: {detail}});

describe('the wizard reducer', () => {
	it('walks the four stages in order for a host', () => {
		let s = start();
		const seen: string[] = [];
		const script: Record<string, string | boolean> = {source: 'host', host: 'db.local', port: '26257', user: 'Ana', auth: 'password', password: 'secret', database: 'defaultdb', sslmode: 'verify-full', caCert: '~/ca.crt', output: 'shell', launch: true};
		while (s.status === 'active') {
			const step = wizard.current(s)!;
			seen.push(`${step.stage}/${step.id}`);
			s = step.kind === 'task' ? done(s) : answer(s, script[step.id]!);
			expect(s.error).toBeUndefined();
		}

		expect(seen).toEqual(['network/source', 'network/host', 'network/port', 'network/reach', 'user/user', 'user/auth', 'user/password', 'method/sslmode', 'method/caCert', 'method/caCheck', 'method/database', 'method/output', 'connect/check', 'connect/shells']);
		expect(toSetup(s.answers)).toEqual({host: 'db.local', port: 26257, user: 'ana', password: 'secret', database: 'defaultdb', sslmode: 'verify-full', sslrootcert: '/home/ana/ca.crt'});
	});

	it('refuses a bad answer with a reason and stays on the step', () => {
		let s = answer(start(), 'host');
		s = answer(s, 'not a host');
		expect(stepId(s)).toBe('host');
		expect(s.error).toMatch(/spaces/);
		s = answer(s, 'db:26000');
		expect(s.error).toBeUndefined();
		expect(wizard.initialOf(s, wizard.current(s) as never)).toBe('26000');
	});

	it('goes back one step and keeps earlier answers as defaults', () => {
		let s = answer(answer(start(), 'host'), 'db.one');
		expect(stepId(s)).toBe('port');
		s = wizard.reduce(s, {type: 'back'});
		expect(stepId(s)).toBe('host');
		expect(wizard.initialOf(s, wizard.current(s) as never)).toBe('db.one');
		s = wizard.reduce(wizard.reduce(s, {type: 'back'}), {type: 'back'});
		expect(stepId(s)).toBe('source');
		expect(s.error).toMatch(/first step/);
	});

	it('drops an answer meant for another question (a stale key), and takes one meant for the current one', () => {
		const atPort = answer(answer(start(), 'host'), 'db.one');
		expect(stepId(atPort)).toBe('port');
		// The host question's Enter, arriving after the host was answered: the port is not answered with it.
		expect(wizard.reduce(atPort, {type: 'answer', value: 'db.one', step: 'host'})).toBe(atPort);
		expect(stepId(wizard.reduce(atPort, {type: 'answer', value: '26000', step: 'port'}))).not.toBe('port');
	});

	it('says whether Back has a question to go to, as Back itself finds it', () => {
		const first = start();
		expect(wizard.canGoBack(first)).toBe(false);
		const second = answer(first, 'host');
		expect(wizard.canGoBack(second)).toBe(true);
		expect(stepId(wizard.reduce(second, {type: 'back'}))).toBe('source');
		// With the source and host given as flags the port is the first question (nothing before it to go back to);
		// the TCP check after it can go back to it.
		expect(wizard.canGoBack(start({source: 'host', host: 'db.one'}))).toBe(false);
		const check = answer(start({source: 'host', host: 'db.one'}), '26257');
		expect(wizard.current(check)?.kind).toBe('task');
		expect(wizard.canGoBack(check)).toBe(true);
	});

	it('fills the later steps from a pasted connection string and skips them', () => {
		let s = answer(start(), 'url');
		s = answer(s, 'postgresql://maxroach:pw%21@blue.cockroachlabs.cloud:26257/bank?sslmode=verify-full&sslrootcert=$HOME/.postgresql/root.crt');
		expect(stepId(s)).toBe('reach');
		s = done(s);
		// user, password, database, sslmode and caCert all came from the string.
		expect(stepId(s)).toBe('caCheck');
		expect(toSetup(s.answers)).toMatchObject({user: 'maxroach', password: 'pw!', database: 'bank', sslrootcert: '/home/ana/.postgresql/root.crt'});
	});

	it('asks for the password when the pasted string only has a placeholder', () => {
		let s = answer(start(), 'url');
		s = done(answer(s, 'postgresql://maxroach:<ENTER-SQL-USER-PASSWORD>@h:26257/defaultdb?sslmode=verify-full&sslrootcert=/r.crt'));
		expect(stepId(s)).toBe('auth');
		expect(stepId(answer(s, 'password'))).toBe('password');
	});

	it('going back to the source and choosing a host asks the fields again, with the URL\'s values as defaults', () => {
		let s = answer(start(), 'url');
		s = answer(s, 'postgresql://u@h.example:26001/d?sslmode=disable');
		s = wizard.reduce(wizard.reduce(s, {type: 'back'}), {type: 'back'});
		expect(stepId(s)).toBe('source');
		s = answer(s, 'host');
		expect(wizard.initialOf(s, wizard.current(s) as never)).toBe('h.example');
		s = answer(answer(s, 'h.example'), '26001');
		s = done(s);
		expect(stepId(s)).toBe('user');
	});

	it('retries, continues past or quits a failed task', () => {
		let s = answer(answer(answer(start(), 'host'), 'db'), '1');
		expect(stepId(s)).toBe('reach');
		s = wizard.reduce(s, {type: 'taskFailed', message: 'refused'});
		expect(s.failure).toBe('refused');
		s = wizard.reduce(s, {type: 'retry'});
		expect(s.failure).toBeUndefined();
		expect(s.attempt).toBe(1);
		s = wizard.reduce(wizard.reduce(s, {type: 'taskFailed', message: 'refused'}), {type: 'continue'});
		expect(stepId(s)).toBe('user');
		expect(s.notes.reach).toBe('skipped after: refused');
		expect(wizard.reduce(s, {type: 'quit'}).status).toBe('quit');
	});

	it('does not let a failed CA check be skipped', () => {
		let s = start({source: 'host', host: 'db', port: '1', user: 'u', auth: 'password', password: 'p', database: 'd', sslmode: 'verify-full', caCert: '/ca.crt'});
		expect(stepId(s)).toBe('reach');
		s = done(s);
		expect(stepId(s)).toBe('caCheck');
		s = wizard.reduce(wizard.reduce(s, {type: 'taskFailed', message: 'no file'}), {type: 'continue'});
		expect(stepId(s)).toBe('caCheck');
	});

	it('skips the questions flags answered, and validates the flags', () => {
		expect(stepId(start({source: 'host', host: 'db', port: '5432'}))).toBe('reach');
		expect(startWizard(wizard, {inputs: {source: 'host', port: 'eighty', user: '-x'}})).toEqual({
			errors: [
				'--port: the port must be a number from 1 to 65535 (CockroachDB uses 26257; 8080 is the DB Console)',
				expect.stringMatching(/^--user: username is invalid/),
			],
		});
	});

	it('lets a flag override what the pasted URL said', () => {
		const s = start({source: 'url', url: 'postgresql://u:p@h/d1?sslmode=disable', database: 'd2'});
		expect(toSetup(s.answers).database).toBe('d2');
	});

	it('does not ask to launch when the search found no shell', () => {
		let s = start({source: 'host', host: 'localhost', port: '1', user: 'u', auth: 'password', password: 'p', database: 'd', sslmode: 'disable', output: 'shell'});
		s = done(done(s));
		expect(stepId(s)).toBe('shells');
		s = wizard.reduce(s, {type: 'taskDone', result: {patch: {shells: {}}, detail: 'none'}});
		expect(s.status).toBe('done');
	});

	it('does not ask for a password when a client certificate is in use', () => {
		let s = start({source: 'url', url: 'postgresql://root@h/defaultdb?sslmode=verify-full&sslrootcert=/c/ca.crt&sslcert=/c/client.root.crt&sslkey=/c/client.root.key'});
		s = done(s);
		expect(stepId(s)).toBe('caCheck');
		expect(toSetup(s.answers)).toMatchObject({sslcert: '/c/client.root.crt', sslkey: '/c/client.root.key'});
		expect(toSetup(s.answers).password).toBeUndefined();
	});
});

describe('the certificates steps', () => {
	const toStep = (s: WizardState, id: string, answers: Record<string, string | boolean>) => {
		while (s.status === 'active' && stepId(s) !== id) {
			const step = wizard.current(s)!;
			s = step.kind === 'task' ? done(s) : answer(s, answers[step.id] ?? wizard.initialOf(s, step)!);
			expect(s.error).toBeUndefined();
		}

		return s;
	};

	it('asks where certificates go and where the CA key lives, refusing a key inside the certs dir', () => {
		let s = start({source: 'host', host: 'localhost', port: '26257', user: 'ana', auth: 'generate'});
		s = done(s);
		expect(stepId(s)).toBe('certsDir');
		expect(wizard.initialOf(s, wizard.current(s) as never)).toBe('/home/ana/.cockroach-certs');
		s = answer(s, '~/certs');
		expect(wizard.initialOf(s, wizard.current(s) as never)).toBe('/home/ana/.cockroach-ca/ca.key');
		s = answer(s, '~/certs/ca.key');
		expect(s.error).toMatch(/keep the CA key outside the certs directory/);
		s = answer(s, '~/safe/ca.key');
		expect(stepId(s)).toBe('nodeHosts');
		expect(wizard.initialOf(s, wizard.current(s) as never)).toBe('localhost,127.0.0.1');
		s = answer(s, 'localhost, 127.0.0.1 db.internal');
		expect(s.answers.nodeHosts).toEqual(['localhost', '127.0.0.1', 'db.internal']);
		expect(stepId(s)).toBe('certs');
	});

	it('uses the generated files for the connection and offers to start a local node only when cockroach is installed', () => {
		let s = toStep(start({source: 'host', host: 'localhost', port: '26257', user: 'ana', auth: 'generate'}), 'certs', {});
		s = wizard.reduce(s, {type: 'taskDone', result: {patch: {sslcert: '/c/client.ana.crt', sslkey: '/c/client.ana.key', caCert: '/c/ca.crt', sslmode: 'verify-full', shells: {cockroach: '/bin/cockroach'}}, detail: 'made'}});
		expect(stepId(s)).toBe('startLocal');
		expect(wizard.initialOf(s, wizard.current(s) as never)).toBe(false);
		s = answer(s, true);
		expect(stepId(s)).toBe('startCluster');
		s = done(s);
		// No password question: the client certificate logs in (stage 3 starts with the TLS mode).
		expect(stepId(s)).toBe('sslmode');
		s = toStep(s, 'check', {});
		expect(toSetup(s.answers)).toMatchObject({sslmode: 'verify-full', sslrootcert: '/c/ca.crt', sslcert: '/c/client.ana.crt', sslkey: '/c/client.ana.key'});
		expect(toSetup(s.answers).password).toBeUndefined();
	});

	it('does not offer to start a node for a remote host, or without cockroach', () => {
		let s = toStep(start({source: 'host', host: 'db.example.com', port: '26257', user: 'ana', auth: 'generate'}), 'certs', {});
		s = wizard.reduce(s, {type: 'taskDone', result: {patch: {shells: {cockroach: '/bin/cockroach'}}, detail: 'made'}});
		expect(stepId(s)).toBe('sslmode');
		let local = toStep(start({source: 'host', host: 'localhost', port: '26257', user: 'ana', auth: 'generate'}), 'certs', {});
		local = wizard.reduce(local, {type: 'taskDone', result: {patch: {shells: {psql: '/bin/psql'}}, detail: 'made'}});
		expect(stepId(local)).toBe('sslmode');
	});

	it('skips the TCP probe when the flags say a local node will be started', () => {
		expect(stepId(start({source: 'host', host: 'localhost', port: '26257', startLocal: true}))).toBe('user');
	});

	it('asks for client certificate files for --auth cert, suggesting the certs directory', () => {
		let s = toStep(start({source: 'host', host: 'db', port: '1', user: 'ana', auth: 'cert'}), 'clientCert', {});
		expect(wizard.initialOf(s, wizard.current(s) as never)).toBe('/home/ana/.cockroach-certs/client.ana.crt');
		s = answer(s, '/c/client.ana.crt');
		expect(wizard.initialOf(s, wizard.current(s) as never)).toBe('/c/client.ana.key');
	});
});

describe('a CA certificate given as a link', () => {
	it('downloads it into the default root.crt before reading it', () => {
		let s = start({source: 'host', host: 'db', port: '1', user: 'u', auth: 'password', password: 'p', database: 'd', sslmode: 'verify-full'});
		s = done(s);
		expect(stepId(s)).toBe('caCert');
		s = answer(s, 'https://cockroachlabs.cloud/clusters/abc/cert');
		expect(s.answers).toMatchObject({caUrl: 'https://cockroachlabs.cloud/clusters/abc/cert', caCert: '/home/ana/.postgresql/root.crt'});
		expect(stepId(s)).toBe('caFetch');
		s = done(s);
		expect(stepId(s)).toBe('caCheck');
		// Going back (over the download, to the question) and typing a path forgets the link.
		s = wizard.reduce(s, {type: 'back'});
		expect(stepId(s)).toBe('caCert');
		s = answer(s, '/certs/ca.crt');
		expect(s.answers.caUrl).toBeUndefined();
		expect(stepId(s)).toBe('caCheck');
	});
});

describe('Back means the previous question', () => {
	const hostRun = () => start({source: 'host'});

	it('passes over a check that passed, to the question before it', () => {
		let s = answer(answer(hostRun(), 'db'), '26257');
		expect(stepId(s)).toBe('reach');
		s = done(s, 'reached');
		expect(stepId(s)).toBe('user');
		s = wizard.reduce(s, {type: 'back'});
		expect(stepId(s)).toBe('port');
	});

	it('does not run a passed check again when its answers did not change, and does when they did', () => {
		let s = done(answer(answer(hostRun(), 'db'), '26257'), 'reached db');
		s = wizard.reduce(s, {type: 'back'});
		s = answer(s, '26257');
		expect(stepId(s)).toBe('user');
		expect(s.notes.reach).toBe('reached db');
		s = answer(wizard.reduce(s, {type: 'back'}), '26000');
		expect(stepId(s)).toBe('reach');
	});

	it('after a failed login goes to the question whose answer the check used', () => {
		let s = start({source: 'host', host: 'localhost', port: '1', user: 'u', auth: 'password', database: 'd', sslmode: 'disable', output: 'shell'});
		s = done(s);
		expect(stepId(s)).toBe('password');
		s = answer(s, 'wrong password');
		expect(stepId(s)).toBe('check');
		s = wizard.reduce(s, {type: 'taskFailed', message: 'Log in: password authentication failed', fields: ['password', 'user']});
		s = wizard.reduce(s, {type: 'back'});
		expect(stepId(s)).toBe('password');
		s = answer(s, 'right password');
		expect(stepId(s)).toBe('check');
	});

	it('after a failed CA read goes to the CA question, and after an unreachable host to the host question', () => {
		let s = start({source: 'host', host: 'db', port: '1', user: 'u', auth: 'password', password: 'p', database: 'd', sslmode: 'verify-full'});
		s = answer(done(s), '/nope/ca.crt');
		expect(stepId(s)).toBe('caCheck');
		s = wizard.reduce(wizard.reduce(s, {type: 'taskFailed', message: 'no such file', fields: ['caCert']}), {type: 'back'});
		expect(stepId(s)).toBe('caCert');
		let h = answer(answer(hostRun(), 'nowhere'), '26257');
		h = wizard.reduce(wizard.reduce(h, {type: 'taskFailed', message: 'refused', fields: ['host', 'port']}), {type: 'back'});
		expect(stepId(h)).toBe('port');
	});

	it('after Back from a failed login and a new password, goes straight to the check: the later questions keep their answers', () => {
		let s = start({source: 'host', host: 'localhost', port: '1'});
		s = done(s);
		for (const [id, value] of [['user', 'u'], ['auth', 'password'], ['password', 'wrong'], ['sslmode', 'disable'], ['database', 'shop'], ['output', 'shell']] as const) {
			expect(stepId(s)).toBe(id);
			s = answer(s, value);
		}

		expect(stepId(s)).toBe('check');
		s = wizard.reduce(wizard.reduce(s, {type: 'taskFailed', message: 'Log in: password authentication failed', fields: ['password', 'user']}), {type: 'back'});
		expect(stepId(s)).toBe('password');
		s = answer(s, 'right');
		// No Enter for the TLS mode, database or output questions: their answers stand, and are shown as passed.
		expect(stepId(s)).toBe('check');
		expect(s.answers).toMatchObject({password: 'right', database: 'shop', sslmode: 'disable', output: 'shell'});
		expect(s.history.map(i => FLOW[i]!.id)).toEqual(['reach', 'user', 'auth', 'password', 'sslmode', 'database', 'output']);
		// Once past the failed check, nothing more is answered for the person.
		expect(s.resume).toBeUndefined();
	});

	it('asks again a later question whose answer an earlier change made wrong, and stops passing over after going back past the blamed question', () => {
		const q = (id: string, fills: Array<'host' | 'user' | 'database'>, accept: (v: string, a: Record<string, unknown>) => {patch: Record<string, string>} | {error: string}) => ({
			id, stage: 'network' as const, kind: 'text' as const, message: id, fills, initial: () => undefined, accept: (v: string | boolean, a: Record<string, unknown>) => accept(String(v), a),
		});
		const flow = [
			q('a', ['host'], v => ({patch: {host: v}})),
			q('b', ['user'], v => ({patch: {user: v}})),
			// Valid only while it differs from b's answer.
			q('c', ['database'], (v, a) => (v === a.user ? {error: 'must differ from b'} : {patch: {database: v}})),
			{id: 't', stage: 'network' as const, kind: 'task' as const, canContinue: false, title: () => 't', run: async () => ({detail: ''})},
		];
		const w = createWizard(flow as never, TEST_CONTEXT);
		const started = startWizard(w, {inputs: {}});
		if ('errors' in started) throw new Error('no start');
		let s = started.state;
		for (const v of ['h', 'x', 'y']) s = w.reduce(s, {type: 'answer', value: v});
		expect(w.current(s)?.id).toBe('t');
		s = w.reduce(w.reduce(s, {type: 'taskFailed', message: 'no', fields: ['user']}), {type: 'back'});
		expect(w.current(s)?.id).toBe('b');
		// b's new answer makes c's old one wrong: c is asked.
		s = w.reduce(s, {type: 'answer', value: 'y'});
		expect(w.current(s)?.id).toBe('c');
		s = w.reduce(s, {type: 'answer', value: 'z'});
		expect(w.current(s)?.id).toBe('t');
		// Failed again, Back to b, then Back past it to a: on the way forward everything is asked.
		s = w.reduce(w.reduce(s, {type: 'taskFailed', message: 'no', fields: ['user']}), {type: 'back'});
		s = w.reduce(s, {type: 'back'});
		expect(w.current(s)?.id).toBe('a');
		s = w.reduce(w.reduce(s, {type: 'answer', value: 'h'}), {type: 'answer', value: 'y'});
		expect(w.current(s)?.id).toBe('c');
	});

	it('blames the answers each stage of the login check rests on', () => {
		expect(blamedBy('login', {})).toContain('password');
		expect(blamedBy('login', {sslcert: '/c.crt'})).toContain('sslcert');
		expect(blamedBy('tls', {})).toContain('caCert');
		expect(blamedBy('tcp', {})).toContain('host');
		expect(blamedBy('dns', {})).toEqual(['host', 'url']);
		expect(blamedBy(undefined, {})).toEqual([]);
	});
});

describe('a password goes unverified to another host only after a yes (issue 11)', () => {
	it('asks before the login check, for this host only, and refuses a no', () => {
		let s = start({source: 'host', host: 'db.example', port: '1', user: 'u', auth: 'password', password: 'typed password', database: 'd', sslmode: 'require', output: 'url'});
		s = done(s);
		expect(stepId(s)).toBe('sendPassword');
		expect(answer(s, 'no').error).toMatch(/^the password was not sent/);
		s = answer(s, 'yes');
		expect(stepId(s)).toBe('check');
		expect(s.answers.passwordConsent).toBe('db.example:1 sslmode=require');
	});

	it('"no" names Back (Esc) only for the answers going back can change: here all came as flags, and there is no question to go back to', () => {
		let s = start({source: 'host', host: 'db.example', port: '1', user: 'u', auth: 'password', password: 'typed password', database: 'd', sslmode: 'require', output: 'url'});
		s = done(s);
		expect(answer(s, 'no').error).toBe('the password was not sent: the host, the sslmode and the password came with the command line or the profile, so run again with others to connect, or quit (Ctrl-C)');
		// As if the host and the sslmode had been asked (nothing fixed, a question behind): Back can change all three.
		const asked = {...s, fixedByFlags: s.fixedByFlags.filter(f => !['host', 'sslmode', 'password'].includes(f)), history: [0]};
		expect(answer(asked, 'no').error).toBe('the password was not sent: go back (Esc) to change the host, the sslmode or the password, or quit (Ctrl-C)');
	});

	it('does not ask for this machine, or when the server is verified', () => {
		for (const [host, sslmode] of [['localhost', 'disable'], ['127.0.0.2', 'require'], ['db.example', 'verify-full']]) {
			let s = start({source: 'host', host: host!, port: '1', user: 'u', auth: 'password', password: 'typed password', database: 'd', sslmode: sslmode!, caCert: '/ca.crt', output: 'url'});
			while (s.status === 'active' && wizard.current(s)!.kind === 'task' && stepId(s) !== 'check') s = done(s);
			expect(stepId(s)).toBe('check');
		}
	});
});

describe('answers an accepted plan settled are skipped by the machine, as answers fixed by flags are', () => {
	const ask = (id: string, field: 'host' | 'user' | 'database' | 'output'): QuestionStep => ({id, stage: 'network', kind: 'text', message: id, fills: [field], initial: () => undefined, accept: value => ({patch: {[field]: String(value)}})});
	// A review screen and three questions with no condition of their own: only the machine can skip them.
	const tiny: QuestionStep[] = [
		ask('host', 'host'),
		{
			id: 'plan',
			stage: 'network',
			kind: 'select',
			message: 'plan',
			fills: ['planAccepted'],
			choices: () => [{value: 'accept', label: 'accept'}, {value: 'edit', label: 'edit'}],
			settles: a => (a.planAccepted ? ['user', 'database'] : []),
			initial: () => 'accept',
			accept: value => (value === 'accept' ? {patch: {planAccepted: true, user: 'planned', database: 'defaultdb'}} : {patch: {planAccepted: false}}),
		},
		ask('user', 'user'),
		ask('database', 'database'),
		ask('output', 'output'),
	];
	const small = createWizard(tiny, TEST_CONTEXT);
	const at = (s: WizardState) => small.current(s)?.id;
	const say = (s: WizardState, value: string) => small.reduce(s, {type: 'answer', value});
	const back = (s: WizardState) => small.reduce(s, {type: 'back'});

	it('a step needs no condition: accepted, its questions are not asked; Back from after it lands on it; "edit" asks them; accepting again skips them again', () => {
		const started = startWizard(small, {inputs: {}});
		if ('errors' in started) throw new Error(started.errors.join('; '));
		let s = say(started.state, 'db');
		expect(at(s)).toBe('plan');
		s = say(s, 'accept');
		expect(at(s)).toBe('output');
		expect(s.answers).toMatchObject({user: 'planned', database: 'defaultdb'});
		s = back(s);
		expect(at(s)).toBe('plan');
		s = say(s, 'edit');
		expect(at(s)).toBe('user');
		s = say(s, 'edited');
		expect(at(s)).toBe('database');
		s = say(s, 'shop');
		expect(at(s)).toBe('output');
		// Back over the edited answers to the plan, and accept it: they are settled again (with the values they have).
		s = back(back(back(s)));
		expect(at(s)).toBe('plan');
		s = say(s, 'accept');
		expect(at(s)).toBe('output');
		// Back before the plan: what it settled no longer counts; the plan is asked again, and decides again.
		s = back(back(s));
		expect(at(s)).toBe('host');
		s = say(s, 'db');
		expect(at(s)).toBe('plan');
	});

	/** A Cloud run with a key, at a keyboard: each task passes with what its port would report. */
	function cloudWalk(script: Record<string, string | boolean>, stopAt?: string): {asked: string[]; state: WizardState} {
		const cluster = {id: 'c1', name: 'blue', plan: 'STANDARD', cloud: 'AWS', state: 'CREATED', regions: [{name: 'us-east-1', host: 'blue.example', primary: true, internalHost: 'i', pscHost: 'p'}]};
		const patches: Record<string, Partial<Answers>> = {
			cloudLogin: {cloudClusters: [cluster]},
			ipLookup: {publicIp: '198.51.100.7'},
			cloudUsers: {cloudUsers: []},
			cloudUserCheck: {sqlUserExists: false, auth: 'password', userAction: 'create'},
			cloudConnection: {host: 'blue.example', port: 26257, sslmode: 'verify-full', caCert: '/home/ana/.postgresql/root.crt'},
			databaseList: {databaseList: [{name: 'defaultdb'}, {name: 'shop'}]},
			shells: {shells: {psql: '/usr/bin/psql'}},
		};
		const started = startWizard(wizard, {inputs: {}, presets: {interactive: true, apiKey: 'key'}});
		if ('errors' in started) throw new Error(started.errors.join('; '));
		let s = started.state;
		const asked: string[] = [];
		while (s.status === 'active' && stepId(s) !== stopAt) {
			const step = wizard.current(s)!;
			if (step.kind === 'task') {
				s = wizard.reduce(s, {type: 'taskDone', result: {detail: 'ok', patch: patches[step.id]}});
				continue;
			}

			asked.push(step.id);
			s = answer(s, script[step.id] ?? wizard.initialOf(s, step)!);
			expect(s.error).toBeUndefined();
		}

		return {asked, state: s};
	}

	const settledByCloudPlan = ['netMode', 'allowChoice', 'user', 'userAction', 'newPassword', 'databasePick', 'database', 'output'];

	it('Cloud: accepting the plan asks none of the questions it answered; "edit each choice" asks them', () => {
		const accepted = cloudWalk({source: 'cloud', cluster: 'c1'});
		expect(accepted.asked).toEqual(['source', 'cluster', 'plan']);
		expect(accepted.state.answers).toMatchObject({netMode: 'allowlist', allowChoice: 'current', user: 'app_user', userAction: 'create', generatePassword: true, database: 'defaultdb', output: 'shell'});
		const edited = cloudWalk({source: 'cloud', cluster: 'c1', plan: 'edit', user: 'bob', newPassword: 'a long enough password', databasePick: 'shop'});
		expect(edited.asked).toEqual(['source', 'cluster', 'plan', 'netMode', 'allowChoice', 'user', 'newPassword', 'databasePick', 'output']);
		expect(edited.state.answers).toMatchObject({user: 'bob', database: 'shop', generatePassword: false});
	});

	it('Cloud: Back from after the accepted plan goes to the plan, over the questions it answered', () => {
		// Back from the first task after the plan, and from a failure that blames an answer the plan set.
		let s = cloudWalk({source: 'cloud', cluster: 'c1'}, 'allowAdd').state;
		expect(stepId(wizard.reduce(s, {type: 'back'}))).toBe('plan');
		s = cloudWalk({source: 'cloud', cluster: 'c1'}, 'check').state;
		s = wizard.reduce(s, {type: 'taskFailed', message: 'no such database', fields: ['database']});
		s = wizard.reduce(s, {type: 'back'});
		expect(stepId(s)).toBe('plan');
		for (const id of settledByCloudPlan) expect(s.history.map(i => FLOW[i]!.id)).not.toContain(id);
		// From there, "edit each choice" asks them.
		s = answer(s, 'edit');
		expect(stepId(s)).toBe('netMode');
	});

	it('a plan left behind settles nothing: Back to the source and on to a host asks the SQL user name', () => {
		let s = cloudWalk({source: 'cloud', cluster: 'c1'}, 'allowAdd').state;
		while (stepId(s) !== 'source') s = wizard.reduce(s, {type: 'back'});
		s = answer(answer(answer(s, 'host'), 'db.local'), '26257');
		s = done(s);
		expect(stepId(s)).toBe('user');
	});
});
