/**
Measure how fast each region's SQL endpoint answers from this machine, all in parallel, bounded in all.
We time the TCP connect plus the server's answer to the pgwire SSLRequest (8 bytes; the server replies one
byte, 'S' or 'N', before any TLS). That is the round trip a SQL session pays first, it proves a SQL server
(not just an open port) is there, and — unlike a bare connect, which the kernel completes — a test peer can
delay it.
*/
import net from 'node:net';
import type {RegionLatency} from '../core/region-choice.js';

/** The whole measurement's bound. */
const LATENCY_BUDGET_MS = 1000;

const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** Measure each target; never rejects. Targets that do not answer within budgetMs are unreachable. */
export function measureRegions(targets: ReadonlyArray<{name: string; host: string; port: number}>, budgetMs = LATENCY_BUDGET_MS): Promise<RegionLatency[]> {
	const started = performance.now();
	return Promise.all(targets.map(target => new Promise<RegionLatency>(resolve => {
		const socket = net.connect({host: target.host, port: target.port});
		const done = (result: RegionLatency) => {
			clearTimeout(timer);
			socket.destroy();
			resolve(result);
		};

		const timer = setTimeout(() => done({name: target.name, problem: `no answer within ${budgetMs / 1000} s`}), Math.max(0, budgetMs - (performance.now() - started)));
		socket.once('connect', () => socket.write(SSL_REQUEST));
		socket.once('data', () => done({name: target.name, ms: performance.now() - started}));
		socket.once('error', (error: NodeJS.ErrnoException) => done({name: target.name, problem: error.code === 'ECONNREFUSED' ? 'connection refused' : error.code ?? error.message}));
		socket.once('end', () => done({name: target.name, problem: 'closed without answering'}));
	})));
}
