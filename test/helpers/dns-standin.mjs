/*
A stand-in for DNS, loaded into the real binary with NODE_OPTIONS="--import <this file>" (tests may never send a
query to the machine's non-loopback name server). Every name look-up the process makes goes through here: a name
listed in CRDB_TEST_DNS ({"db.example.cockroachlabs.cloud": "127.0.0.1"}) resolves to its address, localhost and
IP literals resolve as they do, and any other name fails at once with ENOTFOUND, as an unknown name does.
*/
import dns from 'node:dns';
import module from 'node:module';
import net from 'node:net';

const names = JSON.parse(process.env.CRDB_TEST_DNS || '{}');
const passes = host => host === 'localhost' || net.isIP(host) !== 0;
const notFound = host => Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname: host});
const answer = (address, all) => (all ? [{address, family: net.isIP(address)}] : {address, family: net.isIP(address)});

const lookup = dns.lookup;
dns.lookup = function (host, options, callback) {
	if (typeof options === 'function') [options, callback] = [{}, options];
	if (passes(host)) return lookup.call(this, host, options, callback);
	const all = typeof options === 'object' && options?.all === true;
	process.nextTick(() => {
		if (names[host] === undefined) callback(notFound(host));
		else if (all) callback(null, answer(names[host], true));
		else callback(null, names[host], net.isIP(names[host]));
	});
	return {};
};

const lookupPromise = dns.promises.lookup;
dns.promises.lookup = async function (host, options) {
	if (passes(host)) return lookupPromise.call(this, host, options);
	if (names[host] === undefined) throw notFound(host);
	return answer(names[host], typeof options === 'object' && options?.all === true);
};

// ES modules that imported these by name (import {lookup} from 'node:dns/promises') see the stand-in too.
module.syncBuiltinESMExports();
