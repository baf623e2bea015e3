/*
A stand-in for the public network, loaded into the real binary with NODE_OPTIONS="--import <this file>"
(tests may never send traffic to a non-loopback address). Every TCP connect the process makes goes through
here: one to an address listed in CRDB_TEST_NET_REDIRECT ({"192.0.2.10:26257": "127.0.0.1:PORT"}) is sent to
that loopback port instead (the program still believes it talks to the listed host); one to any other
non-loopback address fails at once with ENETUNREACH and never leaves the machine. Each connect is appended to
the file CRDB_TEST_NET_LOG as a JSON line ({host, port, to} or {host, port, blocked: true}) for the test to
assert on. Unix sockets and loopback connects pass untouched (and are not logged).
*/
import fs from 'node:fs';
import net from 'node:net';

const redirects = JSON.parse(process.env.CRDB_TEST_NET_REDIRECT || '{}');
const log = process.env.CRDB_TEST_NET_LOG;
const isLoopback = host => host === undefined || host === 'localhost' || /^127\./.test(host) || host === '::1' || host === '[::1]';
const record = entry => log && fs.appendFileSync(log, `${JSON.stringify(entry)}\n`);

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
	// The three shapes Node and drivers call it with: Node's normalized [options, cb] array, (options, cb), (port, host, cb).
	let options;
	if (Array.isArray(args[0])) options = args[0][0];
	else if (args[0] !== null && typeof args[0] === 'object') options = args[0];
	else {
		options = {port: Number(args[0]), ...(typeof args[1] === 'string' ? {host: args[1]} : {})};
		const callback = args.find(a => typeof a === 'function');
		args = callback ? [options, callback] : [options];
	}

	if (options.path !== undefined || isLoopback(options.host)) return connect.apply(this, args);
	const to = redirects[`${options.host}:${options.port}`];
	if (!to) {
		record({host: options.host, port: options.port, blocked: true});
		const error = Object.assign(new Error(`connect ENETUNREACH ${options.host}:${options.port} (blocked by the test's network stand-in)`), {code: 'ENETUNREACH'});
		process.nextTick(() => this.destroy(error));
		return this;
	}

	record({host: options.host, port: options.port, to});
	const [host, port] = [to.slice(0, to.lastIndexOf(':')), Number(to.slice(to.lastIndexOf(':') + 1))];
	options.host = host;
	options.port = port;
	return connect.apply(this, args);
};
