/** The real ports: every task step's I/O, wired to this machine. */
import {randomBytes} from 'node:crypto';
import {rm} from 'node:fs/promises';
import {setTimeout as delay} from 'node:timers/promises';
import type {CloudSession, WizardPorts} from '../wizard/ports.js';
import {CloudClient} from '../cloud/client.js';
import {VERSION} from '../version.js';
import {cloudSession} from './cloud-session.js';
import {DEFAULT_IP_LOOKUP_URL, lookupPublicIp} from './public-ip.js';
import {readCaCertificate} from './ca-file.js';
import {locateShells} from './shell-locator.js';
import {DEFAULT_CONNECT_TIMEOUT_MS, probeTcp, STATEMENT_TIMEOUT_MS} from './tcp-probe.js';
import {buildConnectionUrl} from '../core/connection-url.js';
import {elapsedNotice, type WaitReporter} from '../core/wait-notice.js';
import {reportWhile} from '../cloud/wait-report.js';

/**
Ports that touch the real network, files and PATH. `signal` cancels the run: every Cloud API call and
poll stops at once (Ctrl-C), and no request is sent after it. `progress` hears of waits over a second.
`caDestination`, where the Cloud path puts the cluster's CA certificate, is checked to be writable before
the first Cloud change, so a run does not change the Cloud and then fail to finish.
*/
export function realPorts(env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal, progress?: WaitReporter, caDestination?: string): WizardPorts {
	const sessions = new Map<string, CloudSession>();
	// Checked again after a refusal (the person may fix it and choose Retry); once it passed, not again.
	let caWritable = false;
	const beforeCloudChange = async () => {
		if (caWritable || caDestination === undefined) return;
		const {unwritableReason} = await import('./writable.js');
		const reason = await unwritableReason(caDestination, {createDirs: true});
		if (reason) throw new Error(`the cluster's CA certificate will be saved to ${caDestination}, which cannot be written (${reason}): fix that (or set HOME to a writable directory) and run again; no Cloud change was made`);
		caWritable = true;
	};
	return {
		probeTcp: (host, port, origin) => probeTcp(host, port, DEFAULT_CONNECT_TIMEOUT_MS, undefined, origin),
		readCaCertificate,
		// The doctor's stages, so the wizard names the same cause and fix; loaded (with pg) only when used.
		async checkConnection(setup, origin) {
			const {runDoctor} = await import('../doctor/checks.js');
			// The URL leaves secrets out; the password and the key's passphrase are handed over beside it.
			// A server that accepts and never answers keeps each step waiting up to its deadline: say so after a second.
			const shown = showSlowSteps(`${setup.host}:${setup.port}`, progress);
			let checks;
			try {
				checks = await runDoctor(buildConnectionUrl(setup, 'omit'), setup.password, {timeoutMs: DEFAULT_CONNECT_TIMEOUT_MS, sslpassword: setup.params?.sslpassword, origin, onStart: shown.start, onCheck: shown.end});
			} finally {
				shown.end();
			}

			const failed = checks.find(c => c.status === 'fail');
			// The failed stage tells the wizard which answer to go back to (password, CA, host).
			if (failed) throw Object.assign(new Error(`${failed.title}: ${failed.detail}`), {stage: failed.id});
			return {serverVersion: checks.find(c => c.id === 'query')!.detail};
		},
		locateShells: () => locateShells(env.PATH ?? ''),
		// Certificate code (node-forge) and execa load only when these steps run.
		async generateCertificates(request) {
			const {generateCertificates} = await import('./cert-generation.js');
			return generateCertificates(request);
		},
		async fetchCaCertificate(url, target) {
			const {downloadCaCertificate, installCaCertificate} = await import('./ca-install.js');
			return installCaCertificate(await downloadCaCertificate(url), target);
		},
		// One session per key for the whole run, rather than a new client for every task.
		cloud(apiKey) {
			let session = sessions.get(apiKey);
			if (!session) {
				session = cloudSession(new CloudClient({
					apiKey,
					server: env.COCKROACH_SERVER,
					userAgent: `crdb-connect/${VERSION} (node ${process.version})`,
					signal,
					progress,
					// Test knobs, like the poll ones below: the per-attempt timeout and the cap on waits between attempts.
					...(env.CRDB_CONNECT_CLOUD_TIMEOUT_MS ? {timeoutMs: Number(env.CRDB_CONNECT_CLOUD_TIMEOUT_MS)} : {}),
					...(env.CRDB_CONNECT_CLOUD_MAX_WAIT_MS ? {maxWaitMs: Number(env.CRDB_CONNECT_CLOUD_MAX_WAIT_MS)} : {}),
				}), {
					intervalMs: Number(env.CRDB_CONNECT_CLOUD_POLL_MS ?? 2000),
					timeoutMs: Number(env.CRDB_CONNECT_CLOUD_WAIT_MS ?? 60_000),
					// A poll's wait ends at once on cancel (and its timer with it).
					sleep: ms => delay(ms, undefined, signal ? {signal} : {}),
					progress,
				}, {timeoutMs: Number(env.CRDB_CONNECT_CLUSTER_WAIT_MS ?? 600_000)}, beforeCloudChange);
				sessions.set(apiKey, session);
			}

			return session;
		},
		lookupPublicIp: () => lookupPublicIp(env.CRDB_CONNECT_IP_URL ?? DEFAULT_IP_LOOKUP_URL),
		// 24 random bytes as URL-safe base64: 32 characters that need no percent-encoding.
		generatePassword: () => randomBytes(24).toString('base64url'),
		async measureRegions(targets) {
			const {measureRegions} = await import('./region-latency.js');
			return measureRegions(targets);
		},
		async createSqlUser(admin, request) {
			const {createSqlUserOverSql} = await import('./sql-users.js');
			return reportWhile(progress, createSqlUserOverSql(admin, request), waitingFor(`Create SQL user ${request.user}`, admin));
		},
		async writeSecretFile(path, text) {
			const {writeNewSecretFile} = await import('./cert-files.js');
			return writeNewSecretFile(path, text);
		},
		async removeFile(path) {
			await rm(path, {force: true});
		},
		async listDatabases(setup) {
			const {listDatabases} = await import('./databases.js');
			return reportWhile(progress, listDatabases(setup), waitingFor('List the databases', setup));
		},
		async createDatabase(setup, name) {
			const {createDatabase} = await import('./databases.js');
			return reportWhile(progress, createDatabase(setup, name), waitingFor(`Create database ${name}`, setup));
		},
		async makeClientCaFiles(request) {
			const {ensureClientCaFiles} = await import('./client-ca-files.js');
			return ensureClientCaFiles(request, env);
		},
		async saveReplacedClientCa(certsDir, pem) {
			const {saveReplacedClientCa} = await import('./client-ca-files.js');
			return saveReplacedClientCa(certsDir, pem);
		},
		async startLocalCluster(request) {
			const {startLocalCluster} = await import('./local-cluster.js');
			return startLocalCluster(request);
		},
	};
}

/** The wait line of a step that logs in to the cluster (like the login check's): its seconds and the login's deadline. */
function waitingFor(title: string, setup: {host: string; port: number}): (seconds: number) => string {
	return seconds => `${title}: waiting for ${setup.host}:${setup.port}, ${seconds} s so far (logging in gives up after ${DEFAULT_CONNECT_TIMEOUT_MS / 1000} s, each statement after ${STATEMENT_TIMEOUT_MS / 1000} s)`;
}

/** How often a line-based front-end is told again that a step still waits (Ink redraws the seconds itself). */
const SLOW_STEP_REPEAT_MS = 5000;

/**
Report a login-check step that takes over a second (and again every 5 s) as a wait, with its seconds and
its deadline; `end` clears it. Without a reporter (tests, doctor) nothing is shown.
*/
function showSlowSteps(target: string, progress: WaitReporter | undefined): {start: (id: string, title: string) => void; end: () => void} {
	let timers: NodeJS.Timeout[] = [];
	let showing = false;
	const end = () => {
		for (const timer of timers) clearTimeout(timer);
		timers = [];
		if (showing) progress?.(undefined);
		showing = false;
	};

	return {
		start(_id, title) {
			end();
			if (!progress) return;
			const since = Date.now();
			const report = () => {
				showing = true;
				progress(elapsedNotice(since, Date.now(), seconds => `${title}: waiting for ${target}, ${seconds} s so far (gives up after ${DEFAULT_CONNECT_TIMEOUT_MS / 1000} s)`));
			};

			const first = setTimeout(() => {
				report();
				const again = setInterval(report, SLOW_STEP_REPEAT_MS);
				timers.push(again);
			}, 1000);
			timers.push(first);
		},
		end,
	};
}
