/** The typed result of the wizard: everything needed to connect. Pure. */
import type {ConnectionParts} from './connection-url.js';
import type {SslMode} from './sslmode.js';

/** A complete connection setup. It becomes the saved profile in a later issue, so secrets stay separate. */
export interface ConnectionSetup extends ConnectionParts {
	user: string;
	database: string;
	sslmode: SslMode;
	/** The environment variable the password came from, when it came from one (a profile stores this, never the value). */
	passwordEnv?: string;
}

/** The SQL shells we can hand the terminal to, best first (cockroach-sql is the standalone SQL client). */
export const SHELLS = ['cockroach', 'cockroach-sql', 'psql'] as const;

/** One of SHELLS. */
export type ShellName = (typeof SHELLS)[number];

/** Which shells were found on PATH, by absolute path. */
export type ShellsFound = Partial<Record<ShellName, string>>;
