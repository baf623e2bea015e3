/**
`cert list` through the real binary over certificate files made by someone else: a client certificate whose
CN and O carry ESC, BEL and U+202E (right-to-left override) and a node certificate whose SAN carries ESC and BEL. The
names reach the table (in the principals error and the addresses) without a single control character.
*/
import {generateKeyPairSync} from 'node:crypto';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';

const HOSTILE = '\u001b]0;owned\u0007\u001b[2J\u202eevil\u0007';
/** A DNS name (IA5String, ASCII only) carries ESC and BEL. */
const HOSTILE_ASCII = '\u001b]0;owned\u0007\u001b[2Jevil\u0007';

/** A self-signed certificate (cert list reads names and dates; it does not check signatures) and its key, in PEM. */
function certificate(subject: Array<{name: string; value: string}>, dnsNames: string[] = []): {cert: string; key: string} {
	const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: 1024});
	const pem = privateKey.export({type: 'pkcs1', format: 'pem'}).toString();
	const cert = forge.pki.createCertificate();
	cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({type: 'spki', format: 'pem'}).toString());
	cert.serialNumber = '01';
	cert.validity.notBefore = new Date(Date.now() - 3600_000);
	cert.validity.notAfter = new Date(Date.now() + 86_400_000);
	// Text beyond Latin-1 (U+202E) goes in as a UTF8String (node-forge encodes it), as a real issuer would write it.
	const attrs = subject.map(({name, value}) => ({name, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class}));
	cert.setSubject(attrs);
	cert.setIssuer(attrs);
	if (dnsNames.length > 0) cert.setExtensions([{name: 'subjectAltName', altNames: dnsNames.map(value => ({type: 2, value}))}]);
	cert.sign(forge.pki.privateKeyFromPem(pem), forge.md.sha256.create());
	return {cert: forge.pki.certificateToPem(cert), key: pem};
}

describe('cert list over hostile certificate names', () => {
	it('prints CN, O and SAN names without escape sequences, BEL or bidirectional overrides', async () => {
		const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'crdb-cert-hostile-')), 'certs');
		mkdirSync(dir);
		const ca = certificate([{name: 'commonName', value: `CA${HOSTILE}`}, {name: 'organizationName', value: `Org${HOSTILE}`}]);
		writeFileSync(path.join(dir, 'ca.crt'), ca.cert);
		const client = certificate([{name: 'commonName', value: `bob${HOSTILE}`}, {name: 'organizationName', value: `Org${HOSTILE}`}]);
		writeFileSync(path.join(dir, 'client.bob.crt'), client.cert);
		writeFileSync(path.join(dir, 'client.bob.key'), client.key, {mode: 0o600});
		const node = certificate([{name: 'commonName', value: 'node'}], [`db${HOSTILE_ASCII}.example`]);
		writeFileSync(path.join(dir, 'node.crt'), node.cert);
		writeFileSync(path.join(dir, 'node.key'), node.key, {mode: 0o600});

		for (const json of [false, true]) {
			const result = await runCli(['cert', 'list', '--certs-dir', dir, ...(json ? ['--json'] : [])], {env: {HOME: '/nonexistent'}});
			expect(result.code, result.stderr).toBe(0);
			// The names are there; their escape sequences (the OSC title "owned" with it) and control characters are gone.
			expect(result.stdout).toContain(json ? 'principals [\\"bobevil\\"]' : 'principals ["bobevil"]');
			expect(result.stdout).toContain('addresses: dbevil.example');
			// eslint-disable-next-line no-control-regex -- finding control characters is the point
			expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
			if (json) expect(result.stdout).not.toMatch(/\\u00(?:1b|07)|\\u202e/i);
		}
	});
});
