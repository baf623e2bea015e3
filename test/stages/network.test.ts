/**
The allowlist task's title and the Cloud plan's network line say what the run does to each network (pure): add it,
allow more on an entry that was there before (a PATCH, not an add), or change a rule this run added; and the title
a task ran under stays its title once its own answers say the rule is there.
*/
import {describe, expect, it} from 'vitest';
import {allowlistTitle} from '../../src/stages/network.js';
import type {Answers} from '../../src/wizard/answers.js';
import {FLOW} from '../../src/wizard/flow.js';
import {createWizard} from '../../src/wizard/machine.js';
import type {CloudClusterSummary} from '../../src/wizard/ports.js';
import {TEST_CONTEXT} from '../helpers/fake-ports.js';

const cluster: CloudClusterSummary = {id: 'id-adv', name: 'adv', plan: 'ADVANCED', cloud: 'AWS', state: 'CREATED', regions: [{name: 'us-east-1', host: 'h', primary: true, internalHost: 'i', pscHost: 'p'}]};
const cloud = (over: Answers): Answers => ({source: 'cloud', apiKey: 'k', cloudClusters: [cluster], clusterRef: cluster.id, publicIp: '198.51.100.7', ...over});

describe('the allowlist task\'s title', () => {
	it('"Add" only for a network with no entry; an entry that was there gains access ("allow … on the existing entry")', () => {
		expect(allowlistTitle(cloud({allowChoice: 'current'}))).toBe('Add 198.51.100.7/32 to the allowlist and wait for it to apply');
		expect(allowlistTitle(cloud({allowChoice: 'cidr', allowCidr: '203.0.113.0/24', allowlistUiRules: ['203.0.113.0/24']}))).toBe('Allow SQL access on the existing entry 203.0.113.0/24 and wait for it to apply');
		expect(allowlistTitle(cloud({allowChoice: 'cidr', allowCidr: '203.0.113.0/24', allowUi: true, allowlistRules: ['203.0.113.0/24']}))).toBe('Allow DB Console access on the existing entry 203.0.113.0/24 and wait for it to apply');
		expect(allowlistTitle(cloud({allowChoice: 'cidr', allowCidr: '10.1.0.0/16,current', allowlistRules: ['198.51.100.7/32']}))).toBe('Add 10.1.0.0/16 to the allowlist and wait for it to apply');
		expect(allowlistTitle(cloud({allowChoice: 'cidr', allowCidr: '203.0.113.0/24', allowlistRules: ['203.0.113.0/24']}))).toBe('Check that 203.0.113.0/24 is on the allowlist and wait for it to apply');
	});

	it('a rule this run added, with the DB Console answer changed after Back: allowed or no longer allowed, not added', () => {
		expect(allowlistTitle(cloud({allowChoice: 'current', allowUi: true, allowlistAdded: {'198.51.100.7/32': false}}))).toBe('Allow DB Console access on 198.51.100.7/32 (added by this run) and wait for it to apply');
		expect(allowlistTitle(cloud({allowChoice: 'current', allowUi: false, allowlistAdded: {'198.51.100.7/32': true}}))).toBe('Stop allowing DB Console access on 198.51.100.7/32 (added by this run) and wait for it to apply');
	});

	it('after the run the title stays what the task did, though its answers now say the rule is there', async () => {
		const step = FLOW.find(s => s.id === 'allowAdd')!;
		if (step.kind !== 'task') throw new Error('not a task');
		const before = cloud({allowChoice: 'current'});
		const ports = {cloud: () => ({addToAllowlist: async () => true, waitForAllowlist: async () => 0})} as never;
		const journal = {record: () => {}, has: () => false} as never;
		const {patch} = await step.run(ports, before, TEST_CONTEXT, journal);
		expect(allowlistTitle({...before, ...patch})).toBe('Add 198.51.100.7/32 to the allowlist and wait for it to apply');
		// Another answer afterwards (Back, then DB Console "yes"): the title is worked out again.
		expect(allowlistTitle({...before, ...patch, allowUi: true})).toBe('Allow DB Console access on 198.51.100.7/32 (added by this run) and wait for it to apply');
	});
});

describe('the Cloud plan\'s network line', () => {
	it('an entry for this machine\'s /32 that allows only the DB Console: SQL is allowed on it, not "add"', () => {
		const wizard = createWizard(FLOW, TEST_CONTEXT);
		const plan = FLOW.find(step => step.id === 'plan')!;
		if (plan.kind === 'task') throw new Error('not a question');
		const lines = (over: Answers) => plan.detail!(cloud({user: 'ana', interactive: true, allowlistCovered: false, ...over}), wizard.ctx).join('\n');
		expect(lines({allowlistUiRules: ['198.51.100.7/32']})).toContain('Network   allow SQL access on the existing entry for this machine, 198.51.100.7/32, in the IP allowlist');
		expect(lines({})).toContain('Network   add this machine, 198.51.100.7/32, to the IP allowlist');
	});
});
