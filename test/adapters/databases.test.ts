/**
The self-hosted database list through a real login: against the real PostgreSQL behind the Cloud SQL proxy
stand-in (which routes by the `options` routing id), and against a tenant whose proxy stops relaying after the
login, where the statement bound ends the wait with one line instead of hanging.
*/
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import {listDatabases} from '../../src/adapters/databases.js';
import type {ConnectionSetup} from '../../src/core/setup.js';
import {startCloudProxy, type CloudProxy} from '../helpers/cloud-proxy.js';
import {createPasswordUser} from '../helpers/pg-server.js';

const pg = inject('pg');
const PASSWORD = 'stall test pw 4821';
createPasswordUser(pg, 'stall_user', PASSWORD);
let proxy: CloudProxy;

beforeAll(async () => {
	proxy = await startCloudProxy({region: 'gcp-us-east1', tenants: [
		{routingId: 'quick-owl-101', backendPort: pg.port},
		{routingId: 'stuck-owl-202', backendPort: pg.port, hangAfterLogin: true},
	]});
}, 60_000);

afterAll(() => proxy?.close());

const setup = (routingId: string): ConnectionSetup => ({
	host: '127.0.0.1', port: proxy.port, user: 'stall_user', password: PASSWORD, database: 'defaultdb',
	sslmode: 'verify-ca', sslrootcert: proxy.caCert, params: {options: `--cluster=${routingId}`},
});

describe('listDatabases', () => {
	it('lists the server\'s databases through the proxy', async () => {
		expect(await listDatabases(setup('quick-owl-101'))).toContain('defaultdb');
	});

	it('ends with one line when the server logs in and then never answers the statement', async () => {
		await expect(listDatabases(setup('stuck-owl-202'), 300)).rejects.toThrow(`127.0.0.1:${proxy.port} logged stall_user in, then gave no answer to a statement within 0.3 s: the server may be overloaded or stuck; try again, or run crdb-connect doctor`);
	});
});
