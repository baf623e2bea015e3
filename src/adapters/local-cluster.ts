/** Start a secure local single-node cluster with `cockroach start-single-node --background`. */
import {execa} from 'execa';
import {startSingleNodeArgs} from '../core/local-cluster.js';
import type {LocalClusterRequest} from '../wizard/ports.js';

/** How long a first start (store initialisation included) may take. */
const START_TIMEOUT_MS = 60_000;

/** Run the command; `--background` makes cockroach return once the node accepts connections. */
export async function startLocalCluster(request: LocalClusterRequest): Promise<void> {
	const result = await execa(request.cockroach, startSingleNodeArgs(request), {reject: false, timeout: START_TIMEOUT_MS, stdin: 'ignore', all: true});
	if (result.timedOut) throw new Error(`cockroach start-single-node did not report ready within ${START_TIMEOUT_MS / 1000} s: see ${request.storeDir}/logs`);
	if (result.exitCode !== 0) {
		const last = String(result.all ?? '').trim().split('\n').at(-1) ?? '';
		throw new Error(`cockroach start-single-node failed (exit ${result.exitCode}): ${last || 'no output'}`);
	}
}
