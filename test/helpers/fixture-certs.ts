/** Server certificates with chosen names and dates (expired, not yet valid), signed by the test CA. */
import {generateKeyPairSync} from 'node:crypto';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import {nodeSpec} from '../../src/core/cert-templates.js';
import {certificateToPem, nativeSigner, signCertificate} from '../../src/core/x509.js';

/** Write `<name>.crt` and `<name>.key` into dir; returns their paths. */
export function writeServerCert(dir: string, name: string, ca: {cert: string; key: string}, options: {hosts: string[]; notBefore: Date; notAfter: Date}): {cert: string; key: string} {
	const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: 2048, privateKeyEncoding: {type: 'pkcs1', format: 'pem'}, publicKeyEncoding: {type: 'spki', format: 'pem'}});
	const spec = {...nodeSpec({now: new Date(), lifetimeMs: 0, serialHex: '0abc', hosts: options.hosts}), notBefore: options.notBefore, notAfter: options.notAfter};
	const caCert = forge.pki.certificateFromPem(readFileSync(ca.cert, 'utf8'));
	const cert = signCertificate(spec, forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey, {sign: nativeSigner(readFileSync(ca.key, 'utf8')), issuer: {certificate: caCert}});
	const files = {cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`)};
	writeFileSync(files.cert, certificateToPem(cert));
	writeFileSync(files.key, privateKey, {mode: 0o600});
	return files;
}
