/**
The client-CA plan for passwordless sign-in on CockroachDB Advanced: what to do with the cluster's client CA
given its status and our CA. Pure (hashing is computation, not I/O).
*/
import {X509Certificate} from 'node:crypto';
import {pemCertificates} from './ca-bundle.js';

/** The client-CA status the API reports (ClientCACertStatus). */
export type ClientCaStatus = 'NOT_SET' | 'IS_SET' | 'PENDING' | 'FAILED';

/** The SHA-256 fingerprint of the first certificate in a PEM text, as AA:BB:…; undefined when it holds none. */
export function pemFingerprint(pem: string | undefined): string | undefined {
	const block = pemCertificates(pem ?? '')[0];
	if (!block) return undefined;
	try {
		return new X509Certificate(block).fingerprint256;
	} catch {
		return undefined;
	}
}

/** What to do about the cluster's client CA. */
export type ClientCaAction =
	| {kind: 'upload'}
	/** Ours is set already (or being set): nothing to upload. */
	| {kind: 'keep'; pending: boolean}
	/** Another CA is set: replacing it needs the person's yes, with both fingerprints shown. */
	| {kind: 'replace'; current: string; ours: string}
	/** An update is in flight: wait for it before deciding. */
	| {kind: 'wait'};

/** Decide from the status and PEM the API reports, and our CA's PEM. */
export function clientCaAction(status: ClientCaStatus, currentPem: string | undefined, ourPem: string): ClientCaAction {
	const ours = pemFingerprint(ourPem);
	if (!ours) throw new Error('the client CA certificate is not a PEM certificate');
	const current = pemFingerprint(currentPem);
	// A failed upload leaves nothing we can rely on: upload again (PATCH when a certificate is still recorded).
	if (status === 'NOT_SET' || (status === 'FAILED' && !current)) return {kind: 'upload'};
	if (current === ours) return {kind: 'keep', pending: status === 'PENDING'};
	if (status === 'PENDING') return {kind: 'wait'};
	return {kind: 'replace', current: current ?? '(unreadable)', ours};
}
