/**
RSA key generation through node-forge's native path: with a callback, forge hands the work to Node's
crypto.generateKeyPair on libuv's thread pool, so an Ink spinner keeps moving (ink-notes §5).
*/
import forge from 'node-forge';
import type {RsaKeyPair} from '../core/x509.js';

/** Generate an RSA key pair (e = 65537) without blocking the event loop. */
export function generateRsaKeyPair(bits: number): Promise<RsaKeyPair> {
	return new Promise((resolve, reject) => {
		forge.pki.rsa.generateKeyPair({bits, e: 0x10001}, (error, keypair) => {
			if (error) reject(error);
			else resolve(keypair as RsaKeyPair);
		});
	});
}
