import {existsSync, mkdirSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {generateCertificates} from '../../src/adapters/cert-generation.js';
import {fingerprint, workspace} from '../helpers/cert-cli.js';

describe('generateCertificates (the wizard\'s certificate step)', () => {
	it('makes the CA (and its private directory), node and client certificates, then reuses them', async () => {
		const ws = workspace();
		rmSync(path.dirname(ws.caKey), {recursive: true});
		const request = {certsDir: ws.certs, caKey: ws.caKey, nodeHosts: ['localhost', '127.0.0.1'], user: 'Ana'};
		const first = await generateCertificates(request);
		expect(first.created.map(f => path.basename(f))).toEqual(['ca.key', 'ca.crt', 'node.crt', 'node.key', 'client.ana.crt', 'client.ana.key']);
		expect(first).toMatchObject({kept: [], caCert: `${ws.certs}/ca.crt`, clientCert: `${ws.certs}/client.ana.crt`, clientKey: `${ws.certs}/client.ana.key`});
		expect(first.table).toMatch(/ CA +\| ca\.crt/);
		expect(first.table).toMatch(/ Client \| client\.ana\.crt +\| client\.ana\.key/);
		expect(fingerprint(path.dirname(ws.caKey))).toMatchObject({'ca.key': expect.stringMatching(/^600 /)});
		const before = fingerprint(ws.certs);
		const again = await generateCertificates(request);
		expect(again.created).toEqual([]);
		expect(again.kept.map(f => path.basename(f))).toEqual(['ca.crt', 'node.crt', 'client.ana.crt']);
		expect(fingerprint(ws.certs)).toEqual(before);
	}, 30_000);

	it('signs with an existing CA key when the certs directory is new', async () => {
		const ws = workspace();
		await generateCertificates({certsDir: ws.certs, caKey: ws.caKey, nodeHosts: ['localhost'], user: 'a'});
		const key = readFileSync(ws.caKey, 'utf8');
		const other = path.join(ws.root, 'other-certs');
		const outcome = await generateCertificates({certsDir: other, caKey: ws.caKey, nodeHosts: ['localhost'], user: 'a'});
		expect(outcome.created.map(f => path.basename(f))).toEqual(['ca.crt', 'node.crt', 'node.key', 'client.a.crt', 'client.a.key']);
		expect(readFileSync(ws.caKey, 'utf8')).toBe(key);
	}, 30_000);

	it('refuses a certs directory whose CA key is elsewhere, and writes nothing', async () => {
		const ws = workspace();
		await generateCertificates({certsDir: ws.certs, caKey: ws.caKey, nodeHosts: ['localhost'], user: 'a'});
		const before = fingerprint(ws.certs);
		const missing = path.join(ws.root, 'nowhere', 'ca.key');
		await expect(generateCertificates({certsDir: ws.certs, caKey: missing, nodeHosts: ['localhost'], user: 'b'})).rejects.toThrow(`${ws.certs}/ca.crt exists but the CA key ${missing} does not`);
		expect(fingerprint(ws.certs)).toEqual(before);
		expect(existsSync(path.dirname(missing))).toBe(false);
		mkdirSync(path.dirname(missing));
	}, 30_000);
});
