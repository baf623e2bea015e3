/**
The capped body reader used by the Cloud API client and the CA download: whole bodies come back as text, bodies
past the cap (declared or streamed) come back undefined, and the stream is cancelled rather than read to the end.
*/
import {describe, expect, it} from 'vitest';
import {readCappedBody} from '../../src/core/capped-body.js';

/** A body that sends `chunk` without end, counting the chunks pulled and noting when it is cancelled. */
function endlessBody(chunk: Uint8Array): {stream: ReadableStream<Uint8Array>; pulled: () => number; cancelled: () => boolean} {
	let pulls = 0;
	let wasCancelled = false;
	const stream = new ReadableStream<Uint8Array>({
		pull(controller) {
			pulls++;
			controller.enqueue(chunk);
		},
		cancel() {
			wasCancelled = true;
		},
	}, {highWaterMark: 0});
	return {stream, pulled: () => pulls, cancelled: () => wasCancelled};
}

describe('readCappedBody', () => {
	it('returns the whole body as UTF-8 text when it fits, across chunks split inside a character', async () => {
		const bytes = Buffer.from('héllo wörld', 'utf8');
		const stream = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(bytes.subarray(0, 2));
				controller.enqueue(bytes.subarray(2));
				controller.close();
			},
		});
		expect(await readCappedBody(new Response(stream), bytes.length)).toBe('héllo wörld');
	});

	it('returns an empty string for an answer without a body', async () => {
		expect(await readCappedBody(new Response(null, {status: 204}), 10)).toBe('');
	});

	it('stops reading an endless body once it passes the cap, and cancels the stream', async () => {
		const body = endlessBody(new Uint8Array(1000));
		expect(await readCappedBody(new Response(body.stream), 10_000)).toBeUndefined();
		expect(body.cancelled()).toBe(true);
		// 11 chunks pass 10 000 bytes; a reader that never stopped would not have returned at all.
		expect(body.pulled()).toBeLessThanOrEqual(12);
	});

	it('refuses a body whose declared length is past the cap without reading it', async () => {
		const body = endlessBody(new Uint8Array(1000));
		const response = new Response(body.stream, {headers: {'content-length': '10001'}});
		expect(await readCappedBody(response, 10_000)).toBeUndefined();
		expect(body.cancelled()).toBe(true);
		expect(body.pulled()).toBe(0);
	});

	it('accepts a body of exactly the cap', async () => {
		expect(await readCappedBody(new Response('x'.repeat(64)), 64)).toBe('x'.repeat(64));
		expect(await readCappedBody(new Response('x'.repeat(65)), 64)).toBeUndefined();
	});
});
