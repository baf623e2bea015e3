import {mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import {downloadCaCertificate, installCaCertificate} from '../../src/adapters/ca-install.js';
import {pemCertificates} from '../../src/core/ca-bundle.js';
import {startCaServer, type CaServer} from '../helpers/ca-server.js';

const pg = inject('pg');
const ca = readFileSync(pg.caCert, 'utf8');
let server: CaServer;
beforeAll(async () => {
	server = await startCaServer({'/ca.crt': ca, '/page': '<html>not a cert</html>'});
});
afterAll(() => server.close());

describe('CA download and placement', () => {
	it('downloads a PEM certificate and appends it to an existing root.crt once', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-ca-home-'));
		const target = path.join(home, '.postgresql', 'root.crt');
		mkdirSync(path.dirname(target));
		const other = readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)![0];
		writeFileSync(target, `${other}\n`);
		const pem = await downloadCaCertificate(server.url('/ca.crt'));
		expect(await installCaCertificate(pem, target)).toEqual({path: target, added: 1});
		expect(pemCertificates(readFileSync(target, 'utf8'))).toHaveLength(2);
		expect(readFileSync(target, 'utf8').startsWith(other)).toBe(true);
		expect(await installCaCertificate(pem, target)).toEqual({path: target, added: 0});
		expect(pemCertificates(readFileSync(target, 'utf8'))).toHaveLength(2);
		expect(server.requests).toContain('/ca.crt');
	});

	it('creates ~/.postgresql private and root.crt readable', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-ca-home-'));
		const target = path.join(home, '.postgresql', 'root.crt');
		await installCaCertificate(ca, target);
		expect(statSync(path.dirname(target)).mode & 0o777).toBe(0o700);
		expect(statSync(target).mode & 0o777).toBe(0o644);
	});

	it('says what went wrong with a bad link', async () => {
		await expect(downloadCaCertificate(server.url('/missing'))).rejects.toThrow(/failed with HTTP 404: check the address/);
		await expect(downloadCaCertificate(server.url('/page'))).rejects.toThrow(/did not return a PEM certificate/);
		await expect(downloadCaCertificate('http://127.0.0.1:9/ca.crt')).rejects.toThrow(/could not download the CA certificate from http:\/\/127\.0\.0\.1:9\/ca\.crt/);
	});
});
