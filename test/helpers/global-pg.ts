/** Vitest global setup: one PostgreSQL server for the whole run, shared through provide()/inject(). */
import type {TestProject} from 'vitest/node';
import {startPgServer, stopPgServer, type PgServerInfo} from './pg-server.js';

declare module 'vitest' {
	export interface ProvidedContext {
		pg: PgServerInfo;
	}
}

export default async function setup(project: TestProject) {
	const info = await startPgServer();
	project.provide('pg', info);
	return () => stopPgServer(info);
}
