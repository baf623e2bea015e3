/**
Every Cloud client call is typed from the spec's `paths`: `npm run typecheck` compiles this file, so each
`@ts-expect-error` below fails the typecheck the day a wrong field, a missing body or a wrong path
parameter would compile. The calls are never run (they would send what the spec forbids).
*/
import {describe, expect, expectTypeOf, it} from 'vitest';
import {CloudClient, type AnswerOf, type CallInit} from '../../src/cloud/client.js';
import type {components} from '../../src/cloud/api-types.js';

/** Calls that must (and must not) compile; only type-checked. */
function typeOnly(client: CloudClient) {
	const cluster_id = 'c';
	// Right: each part as the spec says.
	void client.call('post', '/api/v1/clusters/{cluster_id}/sql-users', {path: {cluster_id}, body: {name: 'app', password: 'a long password'}});
	void client.call('get', '/api/v1/clusters', {query: {'pagination.limit': 500}});
	void client.call('delete', '/api/v1/clusters/{cluster_id}/networking/allowlist/{cidr_ip}/{cidr_mask}', {path: {cluster_id, cidr_ip: '203.0.113.7', cidr_mask: 32}});
	// @ts-expect-error a misspelt body field
	void client.call('post', '/api/v1/clusters/{cluster_id}/sql-users', {path: {cluster_id}, body: {name: 'app', pasword: 'a long password'}});
	// @ts-expect-error a body field of the wrong type (the mask is an integer)
	void client.call('post', '/api/v1/clusters/{cluster_id}/networking/allowlist', {path: {cluster_id}, body: {cidr_ip: '1.2.3.4', cidr_mask: '32', sql: true, ui: false}});
	// @ts-expect-error the body the operation requires is missing
	void client.call('put', '/api/v1/clusters/{cluster_id}/sql-users/{name}/password', {path: {cluster_id, name: 'app'}});
	// @ts-expect-error a path parameter is missing
	void client.call('get', '/api/v1/clusters/{cluster_id}/databases', {path: {}});
	// @ts-expect-error a query parameter the operation does not take
	void client.call('get', '/api/v1/clusters', {query: {bogus: 1}});
	// @ts-expect-error a method the spec does not define for the path
	void client.call('put', '/api/v1/organization', {});
	// @ts-expect-error a path that is not in the spec
	void client.call('get', '/api/v1/no/such/thing', {});
}

describe('the Cloud client is typed from the spec\'s paths', () => {
	it('answers with the operation\'s 200 schema and takes its request body', () => {
		expectTypeOf<AnswerOf<'/api/v1/clusters/{cluster_id}/sql-users', 'post'>>().toEqualTypeOf<components['schemas']['SQLUser']>();
		expectTypeOf<AnswerOf<'/api/v1/organization', 'get'>>().toEqualTypeOf<components['schemas']['Organization']>();
		expectTypeOf<CallInit<'/api/v1/clusters/{cluster_id}/sql-users', 'post'>['body']>().toEqualTypeOf<{name: string; password: string}>();
		// The type-only calls above exist (and are compiled by the typecheck), but are never run.
		expect(typeof typeOnly).toBe('function');
	});
});
