/** Small lines that must be true (review gap 11): each one as the person reads it. */
import {describe, expect, it} from 'vitest';
import {classifyConnectError} from '../../src/core/connect-errors.js';
import {FLOW} from '../../src/wizard/flow.js';
import {NO_JOURNAL} from '../../src/wizard/journal.js';
import {createWizard, type WizardState} from '../../src/wizard/machine.js';
import {transcript} from '../../src/wizard/transcript.js';
import {fakePorts, TEST_CONTEXT} from '../helpers/fake-ports.js';

const state = (history: number[], answers: WizardState['answers']): WizardState => ({index: FLOW.length, answers, fixedByFlags: [], fixedByUrl: [], history, attempt: 0, notes: {}, status: 'active'});

describe('lines that say only what is true', () => {
	it('"New password" left empty reads "generated (shown once)", not "none"', () => {
		const index = FLOW.findIndex(step => step.kind === 'password' && step.message.startsWith('New password'));
		expect(index).toBeGreaterThan(-1);
		expect(transcript(FLOW, state([index], {generatePassword: true}))[0]!.value).toBe('generated (shown once)');
		expect(transcript(FLOW, state([index], {password: 'typed password here'}))[0]!.value).toBe('••••••••');
	});

	it('the plan of a --dry-run does not promise a login and a SQL shell', () => {
		const wizard = createWizard(FLOW, {...TEST_CONTEXT, caCandidates: [], dryRun: true});
		const plan = FLOW.find(step => step.id === 'hostPlan')!;
		if (plan.kind === 'task') throw new Error('not a question');
		const lines = plan.detail!({source: 'host', interactive: true}, wizard.ctx);
		expect(lines).toContain('Then      show what would be done (dry run: no login, no SQL shell)');
		expect(lines.join('\n')).not.toContain('open a SQL shell');
	});

	it('a failed password login gives Console advice only for a Cloud host', () => {
		const error = {code: '28P01', message: 'password authentication failed for user "ana"', stage: 'login' as const};
		const selfHosted = classifyConnectError(error, {host: 'db.internal', port: 26257, user: 'ana'}).text;
		expect(selfHosted).not.toContain('Console');
		expect(selfHosted).toContain('ALTER USER');
		expect(classifyConnectError(error, {host: 'blue-dog-123.aws-us-east-1.cockroachlabs.cloud', port: 26257, user: 'ana'}).text).toContain('the Console shows a new password once');
	});

	it('a user the run found to exist is not said perhaps not to exist when its password fails', async () => {
		const step = FLOW.find(s => s.id === 'check')!;
		if (step.kind !== 'task') throw new Error('not a task');
		const said = classifyConnectError({code: '28P01', message: 'password authentication failed for user "app"', stage: 'login'}, {host: 'db.internal', port: 26257, user: 'app'}).text;
		const {ports} = fakePorts({check: async () => Promise.reject(Object.assign(new Error(said), {stage: 'login'}))});
		const failure = await step.run(ports, {host: 'db.internal', port: 26257, user: 'app', password: 'the given password', userExisted: true, database: 'defaultdb', sslmode: 'verify-full'}, TEST_CONTEXT, NO_JOURNAL).then(() => undefined, (error: Error) => error.message);
		expect(failure).toBe('SQL user app exists and the given password does not log in (password authentication failed for user "app"): run again with --reset-password to set it');
	});
});
