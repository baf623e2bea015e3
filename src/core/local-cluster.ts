/** Decisions about certificates and a local cluster for self-hosted setups. Pure. */
import path from 'node:path';
import {shellQuote} from './launch-plan.js';

/** Whether a host names this machine (only then is starting a local node on offer). */
export function isLocalHost(host: string | undefined): boolean {
	return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host ?? '');
}

/** The node certificate's hosts to suggest: the host the person typed, then localhost and 127.0.0.1. */
export function defaultNodeHosts(host: string | undefined): string[] {
	return [...new Set([host, 'localhost', '127.0.0.1'].filter((h): h is string => Boolean(h)))];
}

/** Why a CA key path is a bad place for the key, or undefined. */
export function caKeyPlacementProblem(caKey: string, certsDir: string): string | undefined {
	const relative = path.relative(path.resolve(certsDir), path.resolve(caKey));
	if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
		return `keep the CA key outside the certs directory (${certsDir}): whoever can read it can mint certificates for any user`;
	}

	return undefined;
}

/** Where a local node keeps its data: beside the certs directory. */
export function defaultStoreDir(certsDir: string): string {
	return path.join(path.dirname(path.resolve(certsDir)), 'cockroach-data');
}

/** `cockroach start-single-node` arguments for a secure local node that returns once it serves. */
export function startSingleNodeArgs(request: {certsDir: string; port: number; storeDir: string}): string[] {
	return ['start-single-node', `--certs-dir=${request.certsDir}`, `--listen-addr=localhost:${request.port}`, '--http-addr=localhost:8080', `--store=${request.storeDir}`, '--background'];
}

/** The same command as a person would type it. */
export function startSingleNodeCommand(request: {certsDir: string; port: number; storeDir: string}): string {
	return ['cockroach', ...startSingleNodeArgs(request)].map(shellQuote).join(' ');
}
