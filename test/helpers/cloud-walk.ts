/**
The Cloud side of a walk through the built binary in a pty: the spec-checking Cloud API server and the public-IP
stand-in on loopback, started before the suite and closed after it. After each test the walk's pty is killed and
the server must have seen no request or answer outside the spec. One place for what the Cloud pty suites share.
*/
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, expect, vi} from 'vitest';
import {BIN} from './cli.js';
import {startCloudApiServer, startIpService, type CloudApiServer} from './cloud-api-server.js';
import {spawnPty, type PtySession} from './pty.js';

/** The public-IP stand-in. */
export type IpService = Awaited<ReturnType<typeof startIpService>>;

/** A suite's Cloud servers, and how it starts the binary against them. */
export interface CloudWalk {
	/** The Cloud API server (set once the suite's beforeAll ran). */
	readonly cloud: CloudApiServer;
	readonly ipService: IpService;
	/**
	Run `crdb-connect [args]` (then `echo EXIT=$?`) in a pty, as `user`, with the API key and a new HOME; Cloud
	checks are polled every pollMs.
	*/
	start(options: {user?: string; args?: string[]; pollMs?: number; cols?: number; rows?: number}): {s: PtySession; home: string};
}

/**
Start the servers around the suite (call at the top of a test file). `server` gives the Cloud API server's options
when the suite starts, so it can use what an earlier beforeAll made (e.g. a PostgreSQL server of the suite's own).
*/
export function cloudWalkFixture(setup: {name: string; ip: string; server: () => Parameters<typeof startCloudApiServer>[0]}): CloudWalk {
	let cloud: CloudApiServer | undefined;
	let ipService: IpService | undefined;
	let session: PtySession | undefined;

	beforeAll(async () => {
		cloud = await startCloudApiServer(setup.server());
		ipService = await startIpService(setup.ip);
	});

	afterEach(() => {
		session?.kill();
		expect(cloud!.violations).toEqual([]);
	});

	afterAll(async () => {
		await cloud?.close();
		ipService?.close();
	});

	return {
		get cloud() {
			if (!cloud) throw new Error('the Cloud API server starts in the suite\'s beforeAll');
			return cloud;
		},
		get ipService() {
			if (!ipService) throw new Error('the public-IP stand-in starts in the suite\'s beforeAll');
			return ipService;
		},
		start({user = 'ana', args = [], pollMs = 100, cols, rows}) {
			const home = mkdtempSync(path.join(os.tmpdir(), `crdb-${setup.name}-`));
			const env = {HOME: home, USER: user, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, COCKROACH_API_KEY: cloud!.apiKey, COCKROACH_SERVER: cloud!.url, CRDB_CONNECT_IP_URL: ipService!.url, CRDB_CONNECT_CLOUD_POLL_MS: String(pollMs)};
			const command = [process.execPath, BIN, ...args].join(' ');
			session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${command}; echo "EXIT=$?"`], {env, ...(cols ? {cols} : {}), ...(rows ? {rows} : {})});
			return {s: session, home};
		},
	};
}

/** The open list's selected line (the last "❯ " line on the screen). */
const cursorLine = (s: PtySession): string => s.screen().split('\n').filter(line => line.startsWith('❯ ')).at(-1) ?? '';

/**
Move the open list's cursor down until it is on the choice starting with `label`: one Down at a time, each waited
for, and sent again only while the cursor has not moved (a key sent before the prompt listens is lost under load).
*/
export async function moveDownTo(s: PtySession, label: string, maxDowns = 10): Promise<void> {
	for (let downs = 0; !cursorLine(s).startsWith(`❯ ${label}`); downs++) {
		if (downs >= maxDowns) throw new Error(`no choice "${label}" below the cursor within ${maxDowns} Downs: the cursor is on "${cursorLine(s)}"`);
		const before = cursorLine(s);
		for (let attempt = 0; ; attempt++) {
			s.write('\u001B[B');
			try {
				await vi.waitFor(() => expect(cursorLine(s)).not.toBe(before), {timeout: 2000, interval: 25});
				break;
			} catch (error) {
				if (attempt >= 4) throw error;
			}
		}
	}
}
