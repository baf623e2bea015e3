/**
How to hand the terminal to a SQL shell without putting the password in argv. Pure: it decides the
command, arguments and environment; src/adapters/shell-launch.ts runs it.
*/
import {buildConnectionUrl} from './connection-url.js';
import type {ConnectionSetup, ShellName, ShellsFound} from './setup.js';

/** A process to start: argv never holds a secret; `env` may (the child's environment is private to it). */
export interface LaunchPlan {
	shell: ShellName;
	command: string;
	args: string[];
	env: Record<string, string>;
	/** The command as a person would type it, with no password in it. */
	display: string;
}

/** Quote a word for a POSIX shell, only when it needs it. */
export function shellQuote(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
Plan the hand-off. `cockroach sql` reads the full URL, password included, from COCKROACH_URL; psql gets
the URL without the password in argv and the password in PGPASSWORD. Execute statements are appended
as `-e` / `-c` arguments (they are SQL, not secrets).
*/
export function planLaunch(setup: ConnectionSetup, shell: ShellName, path: string, execute: readonly string[] = []): LaunchPlan {
	const withoutPassword = buildConnectionUrl(setup, 'omit');
	if (shell === 'cockroach') {
		const args = ['sql', ...execute.flatMap(sql => ['--execute', sql])];
		return {
			shell,
			command: path,
			args,
			env: {COCKROACH_URL: buildConnectionUrl(setup, 'include')},
			display: ['cockroach', 'sql', '--url', withoutPassword, ...args.slice(1)].map(shellQuote).join(' '),
		};
	}

	const args = [withoutPassword, ...execute.flatMap(sql => ['-c', sql])];
	return {
		shell,
		command: path,
		args,
		env: setup.password === undefined ? {} : {PGPASSWORD: setup.password},
		display: ['psql', ...args].map(shellQuote).join(' '),
	};
}

/** The best shell found, or undefined when neither is on PATH. */
export function pickShell(found: ShellsFound): {shell: ShellName; path: string} | undefined {
	if (found.cockroach) return {shell: 'cockroach', path: found.cockroach};
	if (found.psql) return {shell: 'psql', path: found.psql};
	return undefined;
}

/** What to print when no shell is installed: both commands, neither with the password. */
export function commandsToRunLater(setup: ConnectionSetup): string[] {
	return [planLaunch(setup, 'cockroach', 'cockroach').display, planLaunch(setup, 'psql', 'psql').display];
}
