/**
The way of logging in, by plan (pure, through the reducer): an Advanced cluster offers a password or a client
certificate (no password) when the plan is edited, and the plan screen offers "c"; Basic offers neither (its API
takes no client CA); self-hosted keeps its three ways, and refuses client-ca.
*/
import {describe, expect, it} from 'vitest';
import {FLOW} from '../../src/wizard/flow.js';
import {createWizard, startWizard, type WizardState} from '../../src/wizard/machine.js';
import type {Answers} from '../../src/wizard/answers.js';
import type {CloudClusterSummary} from '../../src/wizard/ports.js';
import type {QuestionStep} from '../../src/wizard/step-types.js';
import {TEST_CONTEXT} from '../helpers/fake-ports.js';

const wizard = createWizard(FLOW, TEST_CONTEXT);
const cluster = (plan: string): CloudClusterSummary => ({id: `id-${plan}`, name: `c-${plan.toLowerCase()}`, plan, cloud: 'AWS', state: 'CREATED', regions: [{name: 'us-east-1', host: 'h', primary: true, internalHost: 'i', pscHost: 'p'}]});

/** A state whose answers are given, at the named step (or undefined when the flow never stops there). */
function at(answers: Answers, id: string): WizardState | undefined {
	const started = startWizard(wizard, {inputs: {}, presets: answers});
	if ('errors' in started) throw new Error(started.errors.join('; '));
	const index = FLOW.findIndex(step => step.id === id);
	const state = {...started.state, index};
	return FLOW[index]!.when?.(state.answers) === false ? undefined : state;
}

const choices = (state: WizardState | undefined) => (state ? (wizard.current(state) as QuestionStep).choices!(state.answers).map(c => c.value) : undefined);
const cloud = (plan: string, over: Answers = {}): Answers => ({source: 'cloud', apiKey: 'k', interactive: true, cloudClusters: [cluster(plan)], clusterRef: `id-${plan}`, user: 'ana', ...over});

describe('how the user logs in', () => {
	it('Advanced: the edited plan asks password or client certificate; the plan screen offers "c"', () => {
		expect(choices(at(cloud('ADVANCED', {planAccepted: false}), 'auth'))).toEqual(['password', 'client-ca']);
		expect(choices(at(cloud('ADVANCED'), 'plan'))).toEqual(['accept', 'accept-cert', 'edit']);
		// Accepted as shown: no question (a password); "c" accepts with the client certificate.
		expect(at(cloud('ADVANCED', {planAccepted: true}), 'auth')).toBeUndefined();
		const plan = at(cloud('ADVANCED'), 'plan')!;
		expect(wizard.reduce(plan, {type: 'answer', value: 'accept-cert'}).answers).toMatchObject({planAccepted: true, auth: 'client-ca'});
	});

	it('Basic and Standard: never asked, and the plan screen has no "c"', () => {
		expect(at(cloud('BASIC', {planAccepted: false}), 'auth')).toBeUndefined();
		expect(at(cloud('STANDARD', {planAccepted: false}), 'auth')).toBeUndefined();
		expect(choices(at(cloud('STANDARD'), 'plan'))).toEqual(['accept', 'edit']);
	});

	it('self-hosted: the three ways, and client-ca refused with what to use instead', () => {
		const state = at({source: 'host', host: 'db', user: 'ana'}, 'auth')!;
		expect(choices(state)).toEqual(['password', 'cert', 'generate']);
		expect(wizard.reduce(state, {type: 'answer', value: 'client-ca'}).error).toBe('client-ca is for CockroachDB Cloud Advanced clusters (with an API key): use cert or generate on a self-hosted cluster');
	});
});
