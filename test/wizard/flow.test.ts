import {describe, expect, it} from 'vitest';
import {FLOW, stageNumber, stageTitle} from '../../src/wizard/flow.js';

// The order of the steps as it was before the flow was split into stage files (src/stages/): the split
// moved code only, so any change to this list is a change of behaviour and must be made here on purpose (since:
// method/hostPlan, the host's review screen).
const ORDER = [
	'network/source', 'network/apiKey', 'network/cloudLogin', 'network/cluster', 'network/newClusterName', 'network/clusterRegions',
	'network/newClusterCloud', 'network/newClusterRegion', 'network/createCluster', 'network/clusterCheck', 'network/regionLatency',
	'network/region', 'network/ipLookup', 'network/cloudUsers', 'network/plan', 'network/netMode', 'network/allowChoice',
	'network/allowCidr', 'network/allowAll', 'network/allowUi', 'network/replaceOpen', 'network/allowAdd', 'network/peService',
	'network/peNetwork', 'network/peSubnets', 'network/peGroups', 'network/peResourceGroup', 'network/peOwner', 'network/peTrust',
	'network/peCommands', 'network/peEndpoint', 'network/peConnect', 'network/peDns', 'network/peProject', 'network/peeringCommands',
	'network/consoleLinks', 'network/guide', 'network/url', 'network/host', 'network/port', 'network/reach',
	// Issue 13: how the user logs in (and where certificates go) comes before the Cloud user is made, so passwordless
	// sign-in on Advanced is settled first; self-hosted runs skip the Cloud user steps, so their order is as before.
	'user/user', 'user/sendProfilePassword', 'user/auth', 'user/certsDir', 'user/caKey', 'user/clientCaFiles', 'user/clientCaStatus',
	'user/clientCaReplace', 'user/clientCaUpload', 'user/cloudUserCheck', 'user/userAction', 'user/newPassword', 'user/cloudUserApply',
	'user/password', 'user/clientCert', 'user/clientKey', 'user/nodeHosts', 'user/certs',
	'user/startLocal', 'user/startCluster',
	// Issue 13: the database after TLS, so a self-hosted run can list them with a login that verifies the server.
	'method/hostPlan', 'method/cloudConnection', 'method/sslmode', 'method/caCert', 'method/caFetch', 'method/caCheck',
	'method/databaseList', 'method/databaseListSql', 'method/databasePick', 'method/newDatabase', 'method/database', 'method/output',
	'connect/sendPassword', 'connect/databaseCreate', 'user/sqlUserCreate', 'connect/check', 'connect/shells', 'connect/launch',
	'connect/saveProfile',
];

describe('the flow', () => {
	it('runs its steps in the same order, each in the same stage, as before the split into stage files', () => {
		expect(FLOW.map(step => `${step.stage}/${step.id}`)).toEqual(ORDER);
	});

	it('has one step per id', () => {
		expect(new Set(FLOW.map(step => step.id)).size).toBe(FLOW.length);
	});

	it('numbers and names the four stages', () => {
		expect([stageNumber('network'), stageNumber('user'), stageNumber('method'), stageNumber('connect')]).toEqual([1, 2, 3, 4]);
		expect(stageTitle('method')).toBe('Choose connection method');
	});
});
