/**
How to hand the terminal to a SQL shell without putting the password in argv. Pure: it decides the
command, arguments and environment; src/adapters/shell-launch.ts runs it.
*/
import {buildConnectionUrl} from './connection-url.js';
import {SHELLS, type ConnectionSetup, type ShellName, type ShellsFound} from './setup.js';

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
	if (shell === 'cockroach' || shell === 'cockroach-sql') {
		// `cockroach-sql` is `cockroach sql` on its own: the same flags, no subcommand.
		const subcommand = shell === 'cockroach' ? ['sql'] : [];
		const executes = execute.flatMap(sql => ['--execute', sql]);
		return {
			shell,
			command: path,
			args: [...subcommand, ...executes],
			env: {COCKROACH_URL: buildConnectionUrl(setup, 'include')},
			display: [shell, ...subcommand, '--url', withoutPassword, ...executes].map(shellQuote).join(' '),
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

/** A launch exactly as it would run: its environment (secrets masked), the program and its arguments. */
export function launchAsRun(launch: LaunchPlan): string {
	const env = Object.entries(launch.env).map(([name, value]) => `${name}=${shellQuote(maskSecret(name, value))}`);
	return [...env, ...[launch.command, ...launch.args].map(shellQuote)].join(' ');
}

/** A variable's value with its password replaced by ****: PGPASSWORD entirely, a URL's password part. */
function maskSecret(name: string, value: string): string {
	if (name === 'PGPASSWORD') return '****';
	try {
		const url = new URL(value);
		if (url.password) url.password = '****';
		return url.toString();
	} catch {
		return value;
	}
}

/** The best shell found (cockroach, then cockroach-sql, then psql), or undefined when none is on PATH. */
export function pickShell(found: ShellsFound): {shell: ShellName; path: string} | undefined {
	for (const shell of SHELLS) if (found[shell]) return {shell, path: found[shell]!};
	return undefined;
}

/** What to print when no shell is used: the cockroach and psql commands, neither with the password. */
export function commandsToRunLater(setup: ConnectionSetup, execute: readonly string[] = []): string[] {
	return [planLaunch(setup, 'cockroach', 'cockroach', execute).display, planLaunch(setup, 'psql', 'psql', execute).display];
}

/**
How to install the SQL client (`cockroach-sql`) or the whole database (`cockroach`, which can start a node) on
this platform: Homebrew on macOS, the official archive (which holds the whole binary) elsewhere, as the
CockroachDB install docs give them. Printed, never run: nothing is downloaded behind the person's back.
*/
export function installCommand(platform: NodeJS.Platform, arch: string, binary: 'cockroach-sql' | 'cockroach' = 'cockroach-sql'): string {
	if (platform === 'darwin') return `brew install cockroachdb/tap/${binary}`;
	if (platform === 'win32') {
		return '$ProgressPreference = "SilentlyContinue"; Invoke-WebRequest -Uri https://binaries.cockroachdb.com/cockroach-latest.windows-6.2-amd64.zip -OutFile cockroach.zip; Expand-Archive cockroach.zip -DestinationPath .';
	}

	const target = `cockroach-latest.linux-${arch === 'arm64' ? 'arm64' : 'amd64'}`;
	return `curl https://binaries.cockroachdb.com/${target}.tgz | tar -xz && sudo cp -i ${target}/cockroach /usr/local/bin/`;
}
