/** Fake ports for flow tests: each records what it was asked and answers from a script. */
import type {ConnectionSetup, ShellsFound} from '../../src/core/setup.js';
import type {CaCertificateInfo, CertificateRequest, LocalClusterRequest, WizardContext, WizardPorts} from '../../src/wizard/ports.js';

/** What the fake ports were asked, in order. */
export interface PortCalls {
	probe: Array<{host: string; port: number}>;
	ca: string[];
	check: ConnectionSetup[];
	shells: number;
	certs: CertificateRequest[];
	starts: LocalClusterRequest[];
	caFetches: Array<{url: string; target: string}>;
	ipLookups: number;
}

/** Overrides for the fakes' answers (a function may throw to fail the task). */
export interface FakeAnswers {
	probe?: () => Promise<{address: string}>;
	ca?: () => Promise<CaCertificateInfo>;
	check?: () => Promise<{serverVersion: string}>;
	shells?: ShellsFound;
	publicIp?: string | Error;
}

/** Fake ports that succeed unless told otherwise. */
export function fakePorts(answers: FakeAnswers = {}): {ports: WizardPorts; calls: PortCalls} {
	const calls: PortCalls = {probe: [], ca: [], check: [], shells: 0, certs: [], starts: [], caFetches: [], ipLookups: 0};
	const ports: WizardPorts = {
		async probeTcp(host, port) {
			calls.probe.push({host, port});
			return answers.probe ? answers.probe() : {address: `127.0.0.1:${port}`};
		},
		async readCaCertificate(path) {
			calls.ca.push(path);
			return answers.ca ? answers.ca() : {subject: 'O=Cockroach, CN=Cockroach CA', notAfter: new Date('2030-01-01T00:00:00Z'), count: 1};
		},
		async checkConnection(setup) {
			calls.check.push(setup);
			return answers.check ? answers.check() : {serverVersion: 'CockroachDB CCL v24.1.0 (x86_64-pc-linux-gnu)'};
		},
		async locateShells() {
			calls.shells++;
			return answers.shells ?? {psql: '/usr/bin/psql'};
		},
		async generateCertificates(request) {
			calls.certs.push(request);
			const base = `${request.certsDir}/client.${request.user}`;
			return {created: [`${request.certsDir}/ca.crt`], kept: [], caCert: `${request.certsDir}/ca.crt`, clientCert: `${base}.crt`, clientKey: `${base}.key`, table: '(table)'};
		},
		async startLocalCluster(request) {
			calls.starts.push(request);
		},
		// Passwordless sign-in is tested against the spec-checking Cloud server and real files (test/e2e/client-ca*.test.ts).
		makeClientCaFiles: async () => {
			throw new Error('no client CA in these fakes: see test/e2e/client-ca.test.ts');
		},
		saveReplacedClientCa: async () => {
			throw new Error('no client CA in these fakes: see test/e2e/client-ca.test.ts');
		},
		cloud: () => {
			throw new Error('no Cloud API in these fakes: use the spec-checking server');
		},
		async lookupPublicIp() {
			calls.ipLookups++;
			if (answers.publicIp instanceof Error) throw answers.publicIp;
			return answers.publicIp ?? '203.0.113.7';
		},
		generatePassword: () => 'generated-password-0123456789ab',
		measureRegions: async targets => targets.map(t => ({name: t.name, ms: 10})),
		listDatabases: async () => ['defaultdb', 'postgres'],
		createDatabase: async () => 'created',
		createSqlUser: async () => 'created',
		writeSecretFile: async () => {},
		removeFile: async () => {},
		async fetchCaCertificate(url, target) {
			calls.caFetches.push({url, target});
			return {path: target, added: 1};
		},
	};
	return {ports, calls};
}

/** A context with no CA files on disk. */
export const TEST_CONTEXT: WizardContext = {cwd: '/work', home: '/home/ana', caCandidates: ['/home/ana/.cockroach-certs/ca.crt'], certsDir: '/home/ana/.cockroach-certs', rootCertPath: '/home/ana/.postgresql/root.crt'};
