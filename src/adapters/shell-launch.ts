/**
Hand the terminal to a SQL shell. Follows shared/reference/ink-notes.md §2.4: Ink has already unmounted;
stdin is paused so Node stops reading the tty, SIGINT is ignored by us while the child owns the terminal,
SIGTERM and SIGHUP are passed on to it (so it is never orphaned), and the child's exit status becomes ours.
*/
import {execa} from 'execa';
import type {LaunchPlan} from '../core/launch-plan.js';

const SIGNAL_NUMBERS: Record<string, number> = {SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15};

/** Signals we pass on to the shell rather than dying of them while it holds the terminal. */
const FORWARDED = ['SIGTERM', 'SIGHUP'] as const;

/**
The child's environment: ours, without the variables it does not need that hold a secret (the Cloud API
key, the variable the password or the URL was read from), plus what the plan gives it (PGPASSWORD or
COCKROACH_URL). A variable is withheld when it is named, or when its value holds one of the secrets.
Implicit passwords never reach it: our PGPASSWORD and PGPASSFILE are dropped and PGPASSFILE points at a
path that does not exist (libpq then reads no ~/.pgpass), so the shell sends only the password the run holds.
*/
function childEnvironment(parent: NodeJS.ProcessEnv, plan: Pick<LaunchPlan, 'env'>, withhold: {names: readonly string[]; secrets: readonly string[]}): Record<string, string> {
	// Short secrets are matched by name only: a value match on a few letters could withhold PATH.
	const secrets = withhold.secrets.filter(s => s.length >= 8);
	const env: Record<string, string> = {};
	for (const [name, value] of Object.entries(parent)) {
		if (value === undefined || withhold.names.includes(name) || IMPLICIT_PASSWORD.includes(name)) continue;
		// A URL holds the secret percent-encoded: look in the decoded text too.
		const texts = [value, safeDecode(value)];
		if (secrets.some(secret => texts.some(text => text.includes(secret)))) continue;
		env[name] = value;
	}

	return {...env, PGPASSFILE: NO_PASSFILE, ...plan.env};
}

/** Where libpq would find a password nobody handed to this run. */
const IMPLICIT_PASSWORD = ['PGPASSWORD', 'PGPASSFILE'];
/** A password file that never exists: libpq skips a missing one silently (a /dev/null would print a warning). */
const NO_PASSFILE = '/nonexistent/crdb-connect/no-pgpass';

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/** Run the plan with inherited stdio; resolves with the exit code to use as ours. */
export async function handOff(plan: LaunchPlan, withhold: {names: readonly string[]; secrets: readonly string[]} = {names: [], secrets: []}, parentEnv: NodeJS.ProcessEnv = process.env): Promise<number> {
	// Without this pause Node keeps a blocking read on the tty and steals the child's keystrokes (ink-notes §2.2).
	await new Promise(resolve => setImmediate(resolve));
	process.stdin.pause();
	await new Promise(resolve => setImmediate(resolve));
	const ignoreSigint = () => {};
	process.on('SIGINT', ignoreSigint);
	const child = execa(plan.command, plan.args, {
		stdio: 'inherit',
		reject: false,
		env: childEnvironment(parentEnv, plan, withhold),
		extendEnv: false,
	});
	const forwarders = FORWARDED.map(signal => {
		const forward = () => {
			child.kill(signal);
		};

		process.on(signal, forward);
		return () => process.off(signal, forward);
	});
	try {
		const result = await child;
		if (result.failed && result.exitCode === undefined && !result.signal) {
			throw new Error(`could not start ${plan.command}: ${result.shortMessage}`);
		}

		if (result.signal) return 128 + (SIGNAL_NUMBERS[result.signal] ?? 1);
		return result.exitCode ?? 1;
	} finally {
		process.off('SIGINT', ignoreSigint);
		for (const stop of forwarders) stop();
	}
}
