/**
Turning certificate specs into signed X.509 with node-forge, and reading PEM back. Pure computation: keys
and specs in, bytes out; no files. PEM is written with LF line endings as Go's pem.Encode does.
*/
import {createPrivateKey, sign as cryptoSign} from 'node:crypto';
import forge from 'node-forge';
import {goStringType, ORGANIZATION, type CertSpec} from './cert-templates.js';

/** An RSA key pair as forge holds it. */
export type RsaKeyPair = {privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey};

/** forge writes CRLF; Go writes LF. */
const lf = (pem: string) => pem.replace(/\r\n/g, '\n');

function subjectAttributes(commonName: string): forge.pki.CertificateField[] {
	return [
		{name: 'organizationName', value: ORGANIZATION},
		{name: 'commonName', value: commonName},
	].map(a => ({...a, valueTagClass: (goStringType(a.value) === 'printable' ? forge.asn1.Type.PRINTABLESTRING : forge.asn1.Type.UTF8) as unknown as forge.asn1.Class}));
}

/** The issuing side of a leaf: the CA's certificate. */
export interface Issuer {
	certificate: forge.pki.Certificate;
}

/** Signs DER bytes with sha256WithRSAEncryption (PKCS#1 v1.5). */
export type Sha256RsaSigner = (data: Buffer) => Buffer;

/**
A signer backed by Node's native RSA. forge's own signing is pure JavaScript and costs ~45 ms per
certificate; OpenSSL through node:crypto takes ~1 ms and produces the same PKCS#1 v1.5 signature.
*/
export function nativeSigner(privateKeyPem: string): Sha256RsaSigner {
	const key = createPrivateKey(privateKeyPem);
	return data => cryptoSign('sha256', data, key);
}

/** Build and sign (sha256WithRSAEncryption) the certificate; extensions in Go's order. */
export function signCertificate(spec: CertSpec, publicKey: forge.pki.rsa.PublicKey, signer: {sign: Sha256RsaSigner; issuer?: Issuer}): forge.pki.Certificate {
	const cert = forge.pki.createCertificate();
	cert.publicKey = publicKey;
	cert.serialNumber = spec.serialHex;
	cert.validity.notBefore = spec.notBefore;
	cert.validity.notAfter = spec.notAfter;
	cert.setSubject(subjectAttributes(spec.commonName));
	cert.setIssuer(signer.issuer ? signer.issuer.certificate.subject.attributes : subjectAttributes(spec.commonName));
	const extensions: object[] = [{name: 'keyUsage', critical: true, ...spec.keyUsage}];
	if (spec.extKeyUsage.length > 0) extensions.push({name: 'extKeyUsage', ...Object.fromEntries(spec.extKeyUsage.map(u => [u, true]))});
	if (spec.isCA) {
		extensions.push({name: 'basicConstraints', critical: true, cA: true, pathLenConstraint: 1});
		// SHA-1 of the RSAPublicKey, as Go computed it before 1.25.
		extensions.push({name: 'subjectKeyIdentifier'});
	}

	const issuerKeyId = signer.issuer ? subjectKeyId(signer.issuer.certificate) : undefined;
	if (issuerKeyId) extensions.push({name: 'authorityKeyIdentifier', keyIdentifier: issuerKeyId});
	if (spec.dnsNames.length + spec.ipAddresses.length > 0) {
		extensions.push({name: 'subjectAltName', altNames: [...spec.dnsNames.map(value => ({type: 2, value})), ...spec.ipAddresses.map(ip => ({type: 7, ip}))]});
	}

	cert.setExtensions(extensions);
	// What forge's cert.sign() does, with the signature itself made natively.
	cert.md = forge.md.sha256.create();
	cert.signatureOid = forge.pki.oids.sha256WithRSAEncryption!;
	cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption!;
	// getTBSCertificate is public in forge but missing from @types/node-forge.
	cert.tbsCertificate = (forge.pki as unknown as {getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1}).getTBSCertificate(cert);
	cert.signature = signer.sign(Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary')).toString('binary');
	return cert;
}

/** The raw subjectKeyIdentifier bytes of a certificate (binary string), if it has one. */
function subjectKeyId(cert: forge.pki.Certificate): string | undefined {
	const ext = cert.getExtension('subjectKeyIdentifier') as {subjectKeyIdentifier?: string; value?: string} | undefined;
	if (!ext) return undefined;
	// forge exposes the hex form; the extension value is an OCTET STRING wrapping the id.
	if (ext.subjectKeyIdentifier) return forge.util.hexToBytes(ext.subjectKeyIdentifier);
	return undefined;
}

/** A certificate as PEM with LF line endings. */
export function certificateToPem(cert: forge.pki.Certificate): string {
	return lf(forge.pki.certificateToPem(cert));
}

/** A private key as PKCS#1 `RSA PRIVATE KEY` PEM with LF line endings, as cockroach writes it. */
export function privateKeyToPem(key: forge.pki.rsa.PrivateKey): string {
	return lf(forge.pki.privateKeyToPem(key));
}

/** A private key as PKCS#8 DER bytes (`client.<user>.key.pk8`, for Java). */
export function privateKeyToPkcs8Der(key: forge.pki.rsa.PrivateKey): Buffer {
	const info = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key));
	return Buffer.from(forge.asn1.toDer(info).getBytes(), 'binary');
}

/** Read an RSA private key from PEM (PKCS#1 or PKCS#8); throws with cockroach's wording. */
export function privateKeyFromPem(pem: string, path: string): forge.pki.rsa.PrivateKey {
	const blocks = pem.match(/-----BEGIN [A-Z ]+-----/g) ?? [];
	if (blocks.length !== 1) throw new Error(`could not parse CA key file ${path}: expected exactly one PEM block, found ${blocks.length}`);
	try {
		return forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
	} catch (error) {
		throw new Error(`could not parse CA key file ${path}: ${(error as Error).message} (only RSA keys are supported)`, {cause: error});
	}
}

/** Every CERTIFICATE block of a PEM file, parsed; throws with cockroach's per-file error texts. */
export function certificatesFromPem(text: string, file: string): forge.pki.Certificate[] {
	if (text.trim() === '') throw new Error(`empty certificate file: ${file}`);
	let messages: forge.pem.ObjectPEM[];
	try {
		messages = forge.pem.decode(text);
	} catch (error) {
		throw new Error(`failed to parse certificate file ${file} as PEM: ${(error as Error).message}`, {cause: error});
	}

	if (messages.length === 0) throw new Error(`no certificates found in ${file}`);
	return messages.map((message, i) => {
		if (message.type !== 'CERTIFICATE') throw new Error(`failed to parse certificate file ${file} as PEM: block #${i} is of type ${message.type}, not CERTIFICATE`);
		try {
			return forge.pki.certificateFromAsn1(forge.asn1.fromDer(message.body));
		} catch (error) {
			throw new Error(`failed to parse certificate ${i} in file ${file}: ${(error as Error).message}`, {cause: error});
		}
	});
}

/** Whether the private key belongs to the certificate's public key. */
export function keyMatchesCertificate(key: forge.pki.rsa.PrivateKey, cert: forge.pki.Certificate): boolean {
	const pub = cert.publicKey as forge.pki.rsa.PublicKey;
	return pub.n.equals(key.n) && pub.e.equals(key.e);
}

/** DNS names then IP addresses from a certificate's SAN, as `cert list` prints them. */
export function certificateAddresses(cert: forge.pki.Certificate): string[] {
	const ext = cert.getExtension('subjectAltName') as {altNames?: Array<{type: number; value?: string; ip?: string}>} | undefined;
	const names = ext?.altNames ?? [];
	return [...names.filter(n => n.type === 2).map(n => n.value!), ...names.filter(n => n.type === 7).map(n => n.ip!)];
}

/** The subject's common name (a UTF8String is decoded: node-forge hands back its raw bytes). */
export function commonNameOf(cert: forge.pki.Certificate): string {
	const field = cert.subject.getField('CN') as {value?: unknown; valueTagClass?: unknown} | null;
	const value = String(field?.value ?? '');
	if (field?.valueTagClass !== forge.asn1.Type.UTF8) return value;
	try {
		return forge.util.decodeUtf8(value);
	} catch {
		return value;
	}
}
