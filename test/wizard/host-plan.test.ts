import {describe, expect, it} from 'vitest';
import {FLOW} from '../../src/wizard/flow.js';
import {createWizard, startWizard, type WizardState} from '../../src/wizard/machine.js';
import {TEST_CONTEXT} from '../helpers/fake-ports.js';

/** Walk a host run, answering each question from `script` and passing each task; returns the questions asked, in order. */
function walk(ctx = TEST_CONTEXT, script: Record<string, string | boolean> = {}, presets = {interactive: true}): {asked: string[]; state: WizardState} {
	const wizard = createWizard(FLOW, ctx);
	const started = startWizard(wizard, {inputs: {}, presets});
	if ('errors' in started) throw new Error(started.errors.join('; '));
	const answers: Record<string, string | boolean> = {source: 'host', host: 'localhost', port: '26257', user: 'ana', auth: 'password', password: 'secret', hostPlan: 'accept', caCert: '/tmp/ca.crt', ...script};
	let s = started.state;
	const asked: string[] = [];
	while (s.status === 'active') {
		const step = wizard.current(s)!;
		if (step.kind === 'task') {
			s = wizard.reduce(s, {type: 'taskDone', result: {detail: 'ok', patch: step.id === 'shells' ? {shells: {psql: '/usr/bin/psql'}} : undefined}});
			continue;
		}

		asked.push(step.id);
		const value = answers[step.id] ?? wizard.initialOf(s, step);
		s = wizard.reduce(s, {type: 'answer', value: value!});
		expect(s.error).toBeUndefined();
	}

	return {asked, state: s};
}

describe('the host\'s review screen', () => {
	it('answers database, TLS mode, CA and output with one Enter when a CA was found', () => {
		const {asked, state} = walk();
		expect(asked).toEqual(['source', 'host', 'port', 'user', 'auth', 'password', 'hostPlan']);
		expect(state.answers).toMatchObject({database: 'defaultdb', sslmode: 'verify-full', caCert: '/home/ana/.cockroach-certs/ca.crt', output: 'shell', planAccepted: true});
	});

	it('asks only for the CA after it when none was found: eight questions in all on the password path', () => {
		const {asked, state} = walk({...TEST_CONTEXT, caCandidates: []});
		expect(asked).toEqual(['source', 'host', 'port', 'user', 'auth', 'password', 'hostPlan', 'caCert']);
		expect(state.answers).toMatchObject({database: 'defaultdb', sslmode: 'verify-full', caCert: '/tmp/ca.crt', output: 'shell'});
	});

	it('shows what it will do, and "e" asks each question instead', () => {
		const wizard = createWizard(FLOW, {...TEST_CONTEXT, caCandidates: []});
		const plan = FLOW.find(step => step.id === 'hostPlan')!;
		if (plan.kind === 'task') throw new Error('not a question');
		expect(plan.detail!({source: 'host', interactive: true}, wizard.ctx)).toEqual([
			'Database  defaultdb (another: edit each choice)',
			'TLS       verify-full: you name the CA certificate that checks the server next',
			'Then      check the login and open a SQL shell here',
		]);
		const {asked} = walk({...TEST_CONTEXT, caCandidates: []}, {hostPlan: 'edit', database: 'shop', sslmode: 'verify-full', output: 'shell'});
		expect(asked.slice(6)).toEqual(['hostPlan', 'sslmode', 'caCert', 'database', 'output']);
	});

	it('is not shown to scripts (they answer by flags)', () => {
		expect(walk(TEST_CONTEXT, {database: 'defaultdb', sslmode: 'verify-full', output: 'shell'}, {interactive: false} as never).asked).not.toContain('hostPlan');
	});
});
