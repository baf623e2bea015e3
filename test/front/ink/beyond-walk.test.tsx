/**
Databases from the cluster in the Ink front-end: the list shows the cluster's databases with table counts and
ends with "Create a new database…"; a typed name is checked, created through the spec-checking Cloud API (the
real PostgreSQL server follows), and the login goes to it.
*/
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, inject, it, vi} from 'vitest';
import {realPorts} from '../../../src/adapters/wizard-ports.js';
import {themeFor} from '../../../src/front/ink/theme.js';
import {WizardApp} from '../../../src/front/ink/WizardApp.js';
import {toSetup} from '../../../src/wizard/answers.js';
import {FLOW} from '../../../src/wizard/flow.js';
import {createWizard, startWizard, type WizardState} from '../../../src/wizard/machine.js';
import {followOnPostgres, makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../../helpers/cloud-api-server.js';
import {KEY, renderInk, waitForFrame} from '../../helpers/ink.js';
import {adminSql} from '../../helpers/pg-server.js';

const pg = inject('pg');
const CLUSTER = '88888888-0000-4000-8000-000000000001';
let cloud: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;

beforeAll(async () => {
	cloud = await startCloudApiServer({
		clusters: [makeCluster({id: CLUSTER, name: 'ink-shop', plan: 'BASIC', cloud: 'GCP', sqlHost: 'localhost'})],
		caPem: readFileSync(pg.caCert, 'utf8'),
		sqlPort: pg.port,
		onSqlUser: followOnPostgres(sql => adminSql(pg, sql)),
		// The global server is shared with other files: this file's database names are its own (ink_…).
		onDatabase: name => adminSql(pg, `CREATE DATABASE ${name}`),
	});
	cloud.state.tableCounts[CLUSTER] = {defaultdb: 4};
	ipService = await startIpService('198.51.100.31');
});

afterEach(() => expect(cloud.violations).toEqual([]));
afterAll(async () => {
	await cloud.close();
	ipService.close();
});

describe('databases from the cluster, in Ink', () => {
	it('lists them with table counts, creates a new one by name and logs in to it', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-ink-db-'));
		const wizard = createWizard(FLOW, {cwd: home, home, caCandidates: [], certsDir: path.join(home, '.cockroach-certs'), rootCertPath: path.join(home, '.postgresql', 'root.crt')});
		const started = startWizard(wizard, {inputs: {}});
		if ('errors' in started) throw new Error(started.errors.join());
		const onEnd = vi.fn<(state: WizardState) => void>();
		const ports = realPorts({...process.env, PATH: '/usr/bin:/bin', COCKROACH_SERVER: cloud.url, CRDB_CONNECT_IP_URL: ipService.url, CRDB_CONNECT_CLOUD_POLL_MS: '10'});
		const w = renderInk(<WizardApp wizard={wizard} initial={started.state} ports={ports} theme={themeFor({NO_COLOR: '1'})} onEnd={onEnd} />);
		await w.at('How do you reach the cluster?', KEY.down, KEY.down, KEY.enter);
		await w.at('? CockroachDB Cloud API key', cloud.apiKey, KEY.enter);
		await w.at('❯ This machine: 198.51.100.31/32', KEY.enter);
		await w.at('? SQL user name', 'ink_db_user', KEY.enter);
		await w.at('? New password', KEY.enter);
		await w.at('? Which database?');
		const list = w.lastFrame()!;
		expect(list).toContain('defaultdb — 4 tables');
		expect(list).toContain('postgres — 0 tables');
		await w.at('Create a new database…', KEY.down, KEY.down, KEY.enter);
		// A name that would need quoting is refused with a suggestion; a plain one is taken.
		await w.at('? Name of the new database', 'Order-History', KEY.enter);
		await vi.waitFor(() => expect(w.lastFrame()!.replace(/\s+/g, ' ')).toContain('is not a plain identifier: use lowercase letters, digits and underscores, starting with a letter (e.g. "order_history")'));
		expect(w.lastFrame()).toContain('✔ Which database? · a new database');
		await w.at('? Name of the new database', KEY.ctrlU, 'ink_orders', KEY.enter);
		await w.at('? How will you connect?', KEY.enter);
		const frame = (await waitForFrame(w.lastFrame, '✔ Ready to connect', 20_000)).replace(/\s+/g, ' ');
		expect(frame).toContain('Create database ink_orders (unless it exists) · created');
		await vi.waitFor(() => expect(onEnd).toHaveBeenCalled());
		expect(toSetup(onEnd.mock.calls[0]![0].answers)).toMatchObject({user: 'ink_db_user', database: 'ink_orders'});
		expect(cloud.requests.find(r => r.method === 'POST' && r.path === `/api/v1/clusters/${CLUSTER}/databases`)!.body).toEqual({name: 'ink_orders'});
		w.unmount();
	});
});
