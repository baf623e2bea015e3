/** CA bundles (root.crt): which certificates a file holds, and adding one without duplicating it. Pure. */

const BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The PEM certificate blocks of a text, in order. */
export function pemCertificates(text: string): string[] {
	return text.match(BLOCK) ?? [];
}

/** A block's identity: its base64 body without line breaks (the same certificate, however it was wrapped). */
function identity(block: string): string {
	return block.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
}

/** Append the incoming certificates the bundle lacks, keeping the bundle's own text as it is. */
export function mergeCaBundle(existing: string, incoming: string): {text: string; added: number} {
	const have = new Set(pemCertificates(existing).map(identity));
	const fresh = pemCertificates(incoming).filter(block => {
		const id = identity(block);
		if (have.has(id)) return false;
		have.add(id);
		return true;
	});
	if (fresh.length === 0) return {text: existing, added: 0};
	const base = existing === '' || existing.endsWith('\n') ? existing : `${existing}\n`;
	return {text: `${base}${fresh.join('\n')}\n`, added: fresh.length};
}

/** Where libpq looks for root.crt by default: ~/.postgresql/root.crt, or %APPDATA%\postgresql\root.crt on Windows. */
export function defaultRootCertPath(platform: NodeJS.Platform, home: string, appData?: string): string {
	if (platform === 'win32') return `${appData ?? `${home}\\AppData\\Roaming`}\\postgresql\\root.crt`;
	return `${home}/.postgresql/root.crt`;
}
