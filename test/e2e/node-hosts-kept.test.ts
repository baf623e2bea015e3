/**
A node.crt kept from an earlier run is never replaced; when it does not cover a host now asked for, the
certificate step says so and how to remake it (review gap 11). Through the binary, scripted.
*/
import {X509Certificate} from 'node:crypto';
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, inject, it} from 'vitest';
import {runCli} from '../helpers/cli.js';

const pg = inject('pg');

describe('--auth generate with other --node-hosts than the kept node.crt', () => {
	it('keeps node.crt and says which host it does not cover', async () => {
		const root = mkdtempSync(path.join(os.tmpdir(), 'crdb-node-hosts-'));
		const certs = path.join(root, 'certs');
		const args = (hosts: string) => ['--host', 'localhost', '--port', String(pg.port), '--user', 'node_hosts_user', '--auth', 'generate', '--certs-dir', certs, '--ca-key', path.join(root, 'safe', 'ca.key'), '--node-hosts', hosts, '--yes', '--no-launch'];
		const env = {HOME: root, PATH: '/usr/bin:/bin'};
		const first = await runCli(args('localhost,127.0.0.1'), {env});
		expect(first.stderr).toMatch(/✔ Make certificates in \S+: made ca\.key, ca\.crt, node\.crt/);
		expect(first.stderr).not.toContain('does not cover');
		const node = readFileSync(path.join(certs, 'node.crt'));
		const second = await runCli(args('localhost,127.0.0.1,myhost'), {env});
		expect(second.stderr).toContain(`✔ Make certificates in ${certs}: node.crt was kept and does not cover myhost (it holds localhost, 127.0.0.1): a node reached by that name fails the TLS check. To make it again: rm -- ${certs}/node.crt ${certs}/node.key, then run this step again`);
		// Kept as it was: the same file, still without the new host.
		expect(readFileSync(path.join(certs, 'node.crt'))).toEqual(node);
		expect(new X509Certificate(node).subjectAltName).not.toContain('myhost');
	});
});
