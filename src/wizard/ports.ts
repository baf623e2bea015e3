/**
The wizard's ports: the only way a task step reaches the outside world. src/adapters implements them;
tests pass fakes or the real adapters pointed at loopback.
*/
import type {ConnectionSetup, ShellsFound} from '../core/setup.js';
import type {PathBase} from '../core/paths.js';

/** A CA certificate file as read from disk. */
export interface CaCertificateInfo {
	subject: string;
	notAfter: Date;
	/** How many certificates the file holds (a bundle may hold several). */
	count: number;
}

/** I/O the flow's tasks need. Each method rejects with an Error whose message says what is wrong and what to do. */
export interface WizardPorts {
	/** Open a TCP connection and close it; resolves with the address reached. */
	probeTcp(host: string, port: number): Promise<{address: string}>;
	/** Read and parse a PEM CA certificate file. */
	readCaCertificate(path: string): Promise<CaCertificateInfo>;
	/** Log in with the setup and run `SELECT version()`. */
	checkConnection(setup: ConnectionSetup): Promise<{serverVersion: string}>;
	/** Look for `cockroach` and `psql` on PATH. */
	locateShells(): Promise<ShellsFound>;
}

/** Facts about the machine the flow reads (never writes) to suggest defaults. */
export interface WizardContext extends PathBase {
	/** CA certificate files that exist, most likely first. */
	caCandidates: string[];
}
