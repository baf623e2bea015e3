import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {dryRunPorts} from '../../src/adapters/dry-run-ports.js';
import type {CloudSession} from '../../src/wizard/ports.js';
import {fakePorts} from '../helpers/fake-ports.js';

const spec = JSON.parse(readFileSync(path.resolve('../shared/cloud-api/openapi.json'), 'utf8')) as {paths: Record<string, Record<string, unknown>>};

/** Whether the spec has this method on a path template that matches the concrete path. */
function inSpec(method: string, concrete: string): boolean {
	return Object.entries(spec.paths).some(([template, operations]) =>
		new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`).test(concrete) && method.toLowerCase() in operations);
}

// The real session's reads, as a dry run passes them through.
const reads = {
	connect: async () => ({organization: 'org', clusters: []}),
	allowlistStatus: async () => ({entries: 1, covered: false, openToAll: true, coveredByOwnRule: false}),
	sqlUsers: async () => ['ana'],
	privateEndpointService: async () => ({name: 'svc', endpointServiceId: 'com.amazonaws.vpce.x', cloud: 'AWS'}),
	databases: async () => [{name: 'defaultdb'}],
	availableRegions: async () => [],
	connectionDetails: async () => ({host: 'h', port: 26257, caUrl: 'https://ca'}),
	clientCaStatus: async () => ({status: 'NOT_SET'}),
} as Partial<CloudSession> as CloudSession;

describe('the dry run\'s Cloud plan', () => {
	it('names only calls the Cloud API spec has, each filled in as the real client would send it, and makes none', async () => {
		const {ports: real} = fakePorts();
		const plan: string[] = [];
		const dry = dryRunPorts({...real, cloud: () => reads}, plan).cloud('key');
		const c = '55555555-0000-4000-8000-000000000001';
		await dry.connect();
		await dry.allowlistStatus(c, '203.0.113.7');
		await dry.addToAllowlist(c, {cidr: {ip: '203.0.113.7', mask: 32}, name: 'crdb-connect', sql: true, ui: false});
		await dry.removeOpenRule(c);
		await dry.addTrustedOwner(c, '123456789012');
		await dry.waitForAllowlist(c);
		await dry.sqlUsers(c);
		await dry.createSqlUser(c, 'ana', 'secret-password');
		await dry.setSqlUserPassword(c, 'ana', 'secret-password');
		await dry.privateEndpointService(c, 'ADVANCED', 'us-east1');
		await dry.connectPrivateEndpoint(c, 'vpce-0123');
		await dry.databases(c);
		await dry.createDatabase(c, 'shop');
		await dry.availableRegions();
		await dry.createCluster({name: 'shop-dev', provider: 'GCP', region: 'us-east1'});
		await dry.connectionDetails(c, {database: 'defaultdb', user: 'ana'});
		await dry.clientCaStatus(c);
		await dry.setClientCa(c, '', {replace: false});

		const calls = plan.filter(line => line.startsWith('Cloud API ')).map(line => line.split(' ').slice(2, 4) as [string, string]);
		expect(calls).toHaveLength(19);
		for (const [method, target] of calls) expect(inSpec(method, target.split('?')[0]!), `${method} ${target}`).toBe(true);
		expect(plan).toContain(`Cloud API DELETE /api/v1/clusters/${c}/networking/allowlist/0.0.0.0/0`);
		expect(plan).toContain(`Cloud API PUT /api/v1/clusters/${c}/sql-users/ana/password {"password":"****"}`);
		expect(plan).toContain(`Cloud API GET /api/v1/clusters/${c}/connection-string?database=defaultdb&sql_user=ana`);
		expect(plan).toContain(`wait while /api/v1/clusters/${c}/networking/allowlist reports propagating`);
		expect(plan.join('\n')).not.toContain('secret-password');
	});
});
