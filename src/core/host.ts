/** Checking what a person types as a host name. Pure. */
import {isIP} from 'node:net';
import {splitHostPort} from './connection-url.js';

/** A host as typed, perhaps with a port the person added out of habit. */
export type HostInput = {ok: true; host: string; port?: number} | {ok: false; error: string};

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;

/** Accept a DNS name, IPv4 or IPv6 address, optionally followed by `:port`. */
export function checkHostInput(input: string): HostInput {
	const text = input.trim();
	if (!text) return {ok: false, error: 'the host is empty: type the cluster\'s host name or IP address'};
	if (text.includes('://')) return {ok: false, error: 'that is a URL, not a host: go back and choose "Paste a connection string"'};
	if (/\s/.test(text)) return {ok: false, error: 'a host name cannot contain spaces'};
	const split = splitHostPort(text);
	if ('error' in split) return {ok: false, error: split.error};
	const {host, port} = split;
	if (isIP(host) === 0 && !HOSTNAME.test(host)) {
		return {ok: false, error: `"${host}" is not a valid host name or IP address`};
	}

	return port === undefined ? {ok: true, host} : {ok: true, host, port};
}
