/** This machine's public IPv4 address, from a plain-text look-up endpoint (configurable; loopback in tests). */
import {isIPv4} from 'node:net';

/** The default look-up endpoint: answers with the caller's IPv4 address as plain text. */
export const DEFAULT_IP_LOOKUP_URL = 'https://api.ipify.org';
/** Short: a slow look-up must not hold up the wizard, which then asks for the address instead. */
const IP_LOOKUP_TIMEOUT_MS = 3000;

/** Ask the endpoint; rejects with a short reason (the caller treats any failure as "unknown"). */
export async function lookupPublicIp(url: string, timeoutMs = IP_LOOKUP_TIMEOUT_MS): Promise<string> {
	let response: Response;
	try {
		response = await fetch(url, {signal: AbortSignal.timeout(timeoutMs)});
	} catch (error) {
		throw new Error((error as Error).name === 'TimeoutError' ? `${url} did not answer within ${timeoutMs / 1000} s` : `${url} could not be reached`, {cause: error});
	}

	const text = (await response.text()).trim();
	if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
	if (!isIPv4(text)) throw new Error(`${url} did not answer with an IPv4 address`);
	return text;
}
