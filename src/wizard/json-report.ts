/**
The wizard's --json result: one object for scripts, holding the connection (no secrets), the shell command,
every change the run made (the journal) and each check's result. Pure: the caller prints it.
*/
import {buildConnectionUrl} from '../core/connection-url.js';
import {pickShell, planLaunch} from '../core/launch-plan.js';
import type {Answers} from './answers.js';
import {toSetup} from './answers.js';
import type {Step} from './step-types.js';
import type {JournalEntry} from './journal.js';

/** One finished task, as --json reports it. */
export interface CheckResult {
	step: string;
	title: string;
	result: string;
}

/** The --json object of a finished run. */
export interface RunReport {
	ok: true;
	url: string;
	host: string;
	port: number;
	user: string;
	database: string;
	sslmode: string;
	sslrootcert: string | null;
	sslcert: string | null;
	sslkey: string | null;
	/** The variable the password is read from (never the password). */
	passwordEnv: string | null;
	/** The SQL shell command to run (no password in it: it comes from the environment). */
	shellCommand: string;
	changes: Array<{kind: string; description: string; undo: string | null}>;
	checks: CheckResult[];
}

/** Replace every occurrence of the secrets in a text with ****. */
function scrub(text: string, secrets: readonly string[]): string {
	return secrets.reduce((out, secret) => (secret ? out.split(secret).join('****') : out), text);
}

/** The tasks that finished, in flow order, with their one-line results (secrets masked). */
function checkResults(flow: readonly Step[], answers: Answers, notes: Readonly<Record<string, string>>, secrets: readonly string[]): CheckResult[] {
	return flow.filter(step => step.kind === 'task' && notes[step.id] !== undefined).map(step => ({
		step: step.id,
		title: scrub(step.kind === 'task' ? step.title(answers) : step.id, secrets),
		result: scrub(notes[step.id]!, secrets),
	}));
}

/** The --json object for a finished run. */
export function runReport(flow: readonly Step[], answers: Answers, notes: Readonly<Record<string, string>>, changes: readonly JournalEntry[], execute: readonly string[] = []): RunReport {
	const setup = toSetup(answers);
	const secrets = [answers.password, answers.apiKey, answers.adminPassword].filter((s): s is string => Boolean(s));
	const shell = answers.shells ? pickShell(answers.shells) : undefined;
	const launch = planLaunch(setup, shell?.shell ?? 'cockroach', shell?.path ?? 'cockroach', execute);
	return {
		ok: true,
		url: buildConnectionUrl(setup, 'omit'),
		host: setup.host,
		port: setup.port,
		user: setup.user,
		database: setup.database,
		sslmode: setup.sslmode,
		sslrootcert: setup.sslrootcert ?? null,
		sslcert: setup.sslcert ?? null,
		sslkey: setup.sslkey ?? null,
		passwordEnv: answers.passwordEnv ?? null,
		shellCommand: launch.display,
		changes: changes.map(c => ({kind: c.kind, description: scrub(c.description, secrets), undo: c.undo === undefined ? null : scrub(c.undo, secrets)})),
		checks: checkResults(flow, answers, notes, secrets),
	};
}
