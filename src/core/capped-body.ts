/**
Reading an HTTP answer's body with a size cap, shared by the Cloud API client and the CA download: a hostile or
broken server could send without end, so reading stops (and the stream is cancelled) once the cap is passed.
*/

/** The body as UTF-8 text, or undefined when it declares or runs past `limit` bytes (the rest is then not read). */
export async function readCappedBody(response: Response, limit: number): Promise<string | undefined> {
	const declared = Number(response.headers.get('content-length'));
	if (declared > limit) {
		await response.body?.cancel().catch(() => {});
		return undefined;
	}

	if (!response.body) return '';
	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const {done, value} = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel().catch(() => {});
			return undefined;
		}

		chunks.push(value);
	}

	return Buffer.concat(chunks).toString('utf8');
}
