/** Log in with the real adapter and read the server's version, as the doctor's login and query stages do. */
import {openClient} from '../../src/adapters/pg-connection.js';
import type {ConnectionSetup} from '../../src/core/setup.js';

/** Resolves with the version; rejects with the adapter's one-line diagnosis. */
export async function checkConnection(setup: ConnectionSetup): Promise<{serverVersion: string}> {
	const client = await openClient(setup);
	try {
		return {serverVersion: (await client.query<{version: string}>('SELECT version()')).rows[0]!.version};
	} finally {
		await client.end();
	}
}
