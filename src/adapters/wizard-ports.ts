/** The real ports: every task step's I/O, wired to this machine. */
import type {WizardPorts} from '../wizard/ports.js';
import {readCaCertificate} from './ca-file.js';
import {locateShells} from './shell-locator.js';
import {probeTcp} from './tcp-probe.js';

/** Ports that touch the real network, files and PATH. */
export function realPorts(env: NodeJS.ProcessEnv = process.env): WizardPorts {
	return {
		probeTcp: (host, port) => probeTcp(host, port),
		readCaCertificate,
		// pg is loaded only when a connection is checked: it is a large share of the start-up cost otherwise.
		async checkConnection(setup) {
			const {checkConnection} = await import('./pg-connection.js');
			return checkConnection(setup);
		},
		locateShells: () => locateShells(env.PATH ?? ''),
		// Certificate code (node-forge) and execa load only when these steps run.
		async generateCertificates(request) {
			const {generateCertificates} = await import('./cert-generation.js');
			return generateCertificates(request);
		},
		async startLocalCluster(request) {
			const {startLocalCluster} = await import('./local-cluster.js');
			return startLocalCluster(request);
		},
	};
}
