/** `crdb-connect doctor [URL]`: check a connection stage by stage; exit 0 only when every check passes. */
import {lstat} from 'node:fs/promises';
import {parseArgs} from 'node:util';
import {parseConninfo} from '../core/connection-url.js';
import {formatCheck, formatVerdict} from '../core/doctor-report.js';
import {parseGoDuration} from '../core/go-duration.js';
import {displayUrl, runDoctor, type DoctorOptions} from '../doctor/checks.js';
import {DOCTOR_FLAGS, parseOptions} from '../flags.js';
import {flagLines} from '../help.js';
import {VERSION} from '../version.js';
import type {WaitReporter} from '../core/wait-notice.js';
import type {CommandIo} from './io.js';

/** Where the command prints. */
interface DoctorIo extends CommandIo {
	/** When stdout is a terminal, the running stage is shown while it runs. */
	isTTY?: boolean;
}

/** `doctor --help`; its flag lines come from the flag table (DOCTOR_FLAGS). */
const DOCTOR_HELP = `crdb-connect doctor — check a connection step by step and say what is wrong and how to fix it

Usage
  crdb-connect doctor <url> [--password-env NAME] [--timeout 5s] [--json]
  crdb-connect doctor --url-env NAME [--json]

Stages: parse the string → certificate files → DNS → TCP → TLS handshake (chain, host name, validity)
→ log in → SELECT version() → the database. It stops at the first failure; each line prints as its stage
ends. The string is read as libpq (psql) reads it, with PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE,
PGSSLMODE, PGSSLROOTCERT, PGSSLCERT, PGSSLKEY, PGOPTIONS as fallbacks (each value's source is shown);
where node-postgres, cockroach sql or JDBC read it differently, it warns. For a *.cockroachlabs.cloud host
it also asks CockroachDB Cloud (with COCKROACH_API_KEY: the cluster's state and plan, whether the allowlist
holds this machine's public IP, whether the SQL user exists; without: the public IP and where to look).

  <url>                   a postgresql:// connection string without a password
${flagLines(DOCTOR_FLAGS)}

Exit status: 0 when every check passes (warnings allowed), 1 when one fails, 2 for bad arguments.
`;

/** Run doctor with argv after the word `doctor`. */
export async function runDoctorCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: DoctorIo, options: Partial<DoctorOptions> = {}): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({args: [...argv], allowPositionals: true, options: parseOptions(DOCTOR_FLAGS)});
	} catch (error) {
		io.err(`crdb-connect: ${(error as Error).message.split('\n')[0]}; see crdb-connect doctor --help\n`);
		return 2;
	}

	const {values, positionals} = parsed;
	if (values.help) {
		io.out(DOCTOR_HELP);
		return 0;
	}

	const usage = (message: string) => {
		io.err(`crdb-connect: ${message}\n`);
		return 2;
	};

	let url: string | undefined = positionals[0];
	if (positionals.length > 1) return usage('doctor takes one connection string; quote it so the shell keeps it whole');
	if (url !== undefined && values['url-env'] !== undefined) return usage('give a URL or --url-env, not both');
	if (url !== undefined) {
		const check = parseConninfo(url.trim());
		if (check.ok && (check.values.password !== undefined || check.values.sslpassword !== undefined)) return usage('the URL holds a password, which ps and shell history would show: put the URL in an environment variable and use --url-env NAME');
	} else if (values['url-env'] !== undefined) {
		url = env[values['url-env']];
		if (!url) return usage(`--url-env ${values['url-env']}: the environment variable is not set`);
	} else {
		return usage('give the connection string to check: crdb-connect doctor \'postgresql://user@host:26257/defaultdb?sslmode=verify-full&sslrootcert=…\'');
	}

	// Checked before any check runs: an existing file is replaced only when asked, and only a regular one.
	let replacing = false;
	if (values.report !== undefined) {
		const existing = await lstat(values.report).catch(() => undefined);
		replacing = existing !== undefined;
		if (existing && !existing.isFile()) return usage(`--report ${values.report} exists and is not a regular file: name a new file`);
		if (existing && !values['replace-report']) return usage(`--report ${values.report} exists already: name a new file, or add --replace-report to replace it`);
	}

	let password: string | undefined;
	if (values['password-env'] !== undefined) {
		password = env[values['password-env']];
		if (password === undefined) return usage(`--password-env ${values['password-env']}: the environment variable is not set`);
	}

	const timeoutMs = values.timeout === undefined ? 5000 : parseGoDuration(values.timeout);
	if (timeoutMs === undefined || timeoutMs <= 0) return usage(`--timeout "${values.timeout}": give a duration such as 5s or 500ms`);
	if (!values.json) io.out(`Checking ${displayUrl(url!)}\n\n`);
	let running = '';
	// A wait of the Cloud stage (a slow answer, a Retry-After) is shown once it passes a second, as the wizard shows
	// it: on stderr, so stdout keeps the checks (or the JSON); in a terminal the running line ends first.
	const progress: WaitReporter = notice => {
		if (!notice) return;
		if (running) io.out('\n');
		running = '';
		io.err(`  … ${notice.line}\n`);
	};
	const checks = await runDoctor(url!, password, {
		timeoutMs,
		env,
		...(values['password-env'] === undefined ? {} : {passwordSource: `--password-env ${values['password-env']}`}),
		cloudFacts: cloudReader(env, progress),
		...options,
		onStart: (_id, title) => {
			if (values.json || !io.isTTY) return;
			running = `… ${title}`;
			io.out(running);
		},
		onCheck: check => {
			if (values.json) return;
			// Replace the "running" line in a terminal; elsewhere each line is simply printed when done.
			io.out(`${running ? '\r\u001B[K' : ''}${formatCheck(check)}\n`);
			running = '';
		},
	});
	const ok = !checks.some(c => c.status === 'fail');
	if (values.report !== undefined) {
		const {writeReport} = await import('../doctor/report-file.js');
		const file = await writeReport(values.report, {url: url!, passwordEnv: values['password-env'], checks, env});
		io.err(`${replacing ? 'Replaced' : 'Wrote'} the report ${replacing ? 'at' : 'to'} ${file} (mode 0600; no passwords, keys or API keys in it).\n`);
	}

	if (values.json) io.out(`${JSON.stringify({ok, url: displayUrl(url), checks: checks.map(c => ({...c, ms: Math.round(c.ms)}))}, null, 2)}\n`);
	else io.out(`\n${formatVerdict(checks)}\n`);
	return ok ? 0 : 1;
}

/** The Cloud stage's reader, loaded only when a Cloud host is checked. */
function cloudReader(env: NodeJS.ProcessEnv, progress: WaitReporter): NonNullable<DoctorOptions['cloudFacts']> {
	return async (host, user) => {
		const [{cloudFactsReader}, {DEFAULT_IP_LOOKUP_URL}] = await Promise.all([import('../doctor/cloud-facts.js'), import('../adapters/public-ip.js')]);
		return cloudFactsReader({
			apiKey: env.COCKROACH_API_KEY || undefined,
			server: env.COCKROACH_SERVER || undefined,
			ipLookupUrl: env.CRDB_CONNECT_IP_URL || DEFAULT_IP_LOOKUP_URL,
			userAgent: `crdb-connect/${VERSION} doctor (node ${process.version})`,
			progress,
		})(host, user);
	};
}
