/**
Set the cluster's client CA (Advanced) and wait until the cluster trusts it: POST when none is set, PATCH only
after the person confirms replacing another one (both fingerprints shown), then poll until IS_SET.
*/
import {clientCaAction, pemFingerprint, type ClientCaStatus} from '../core/client-ca.js';
import {CloudApiError, type CloudClient} from './client.js';

/** How to wait for the cluster to take the CA, and how to ask before replacing another one. */
export interface ClientCaPolicy {
	intervalMs: number;
	timeoutMs: number;
	sleep: (ms: number) => Promise<void>;
	/** Asked only when another CA is set; resolve true to replace it. */
	confirmReplace: (current: string, ours: string) => Promise<boolean>;
	/** Told right after the POST or PATCH succeeded (for the change journal). */
	onChanged?: (change: {replaced: boolean; previousPem?: string}) => void;
}

/** What was done, and how many checks the wait took. */
export interface ClientCaOutcome {
	done: 'uploaded' | 'replaced' | 'already-set';
	fingerprint: string;
	polls: number;
}

/** Make the cluster trust `pem` for client certificates. Rejects with one line that says what to do. */
export async function ensureClientCa(client: CloudClient, clusterId: string, pem: string, policy: ClientCaPolicy): Promise<ClientCaOutcome> {
	const fingerprint = pemFingerprint(pem);
	if (!fingerprint) throw new Error('the client CA certificate is not a PEM certificate: make it again');
	const deadline = Date.now() + policy.timeoutMs;
	let polls = 0;
	let done: ClientCaOutcome['done'] | undefined;
	for (;;) {
		const info = await client.getClientCaCert(clusterId);
		const status = (info.status ?? 'NOT_SET') as ClientCaStatus;
		if (done) {
			if (status === 'IS_SET' && pemFingerprint(info.x509_pem_cert) === fingerprint) return {done, fingerprint, polls};
			if (status === 'FAILED') throw new Error(`the cluster could not apply the client CA (status FAILED): check the certificate is a CA (basicConstraints CA:TRUE), then run again`);
		} else {
			const action = clientCaAction(status, info.x509_pem_cert, pem);
			if (action.kind === 'keep' && !action.pending) return {done: 'already-set', fingerprint, polls};
			if (action.kind === 'keep') done = 'already-set';
			if (action.kind === 'upload' || action.kind === 'replace') {
				const replacing = action.kind === 'replace' || status === 'FAILED';
				if (action.kind === 'replace' && !(await policy.confirmReplace(action.current, action.ours))) {
					throw new Error(`the cluster trusts another client CA (SHA-256 ${action.current}); it was left in place: sign client certificates with that CA, or confirm replacing it`);
				}

				try {
					if (replacing) await client.updateClientCaCert(clusterId, pem);
					else await client.setClientCaCert(clusterId, pem);
				} catch (error) {
					if (error instanceof CloudApiError && error.status === 400 && /advanced/i.test(error.apiMessage ?? '')) {
						throw new Error(`client certificates signed by your own CA need a CockroachDB Advanced cluster (HTTP 400: ${error.apiMessage}): log in with a password instead`, {cause: error});
					}

					throw error;
				}

				policy.onChanged?.({replaced: replacing, previousPem: replacing ? info.x509_pem_cert : undefined});
				done = replacing ? 'replaced' : 'uploaded';
			}
		}

		if (Date.now() > deadline) throw new Error(`the cluster has not applied the client CA after ${policy.timeoutMs / 1000} s (it is still being applied): run again in a minute`);
		polls++;
		await policy.sleep(policy.intervalMs);
	}
}
