/** The real ports: every task step's I/O, wired to this machine. */
import type {WizardPorts} from '../wizard/ports.js';
import {readCaCertificate} from './ca-file.js';
import {locateShells} from './shell-locator.js';
import {DEFAULT_CONNECT_TIMEOUT_MS, probeTcp} from './tcp-probe.js';
import {buildConnectionUrl} from '../core/connection-url.js';

/** Ports that touch the real network, files and PATH. */
export function realPorts(env: NodeJS.ProcessEnv = process.env): WizardPorts {
	return {
		probeTcp: (host, port) => probeTcp(host, port),
		readCaCertificate,
		// The doctor's stages, so the wizard names the same cause and fix; loaded (with pg) only when used.
		async checkConnection(setup) {
			const {runDoctor} = await import('../commands/doctor-checks.js');
			const checks = await runDoctor(buildConnectionUrl(setup, 'omit'), setup.password, {timeoutMs: DEFAULT_CONNECT_TIMEOUT_MS});
			const failed = checks.find(c => c.status === 'fail');
			if (failed) throw new Error(`${failed.title}: ${failed.detail}`);
			return {serverVersion: checks.find(c => c.id === 'query')!.detail};
		},
		locateShells: () => locateShells(env.PATH ?? ''),
		// Certificate code (node-forge) and execa load only when these steps run.
		async generateCertificates(request) {
			const {generateCertificates} = await import('./cert-generation.js');
			return generateCertificates(request);
		},
		async fetchCaCertificate(url, target) {
			const {downloadCaCertificate, installCaCertificate} = await import('./ca-install.js');
			return installCaCertificate(await downloadCaCertificate(url), target);
		},
		async startLocalCluster(request) {
			const {startLocalCluster} = await import('./local-cluster.js');
			return startLocalCluster(request);
		},
	};
}
