/** A loopback HTTP server standing in for the public CA-certificate download; it records every request. */
import http from 'node:http';

/** The server, the paths it was asked for, and how to stop it. */
export interface CaServer {
	url: (path: string) => string;
	requests: string[];
	close: () => Promise<void>;
}

/** Serve `routes[path]` as PEM; anything else is a 404. */
export async function startCaServer(routes: Record<string, string>): Promise<CaServer> {
	const requests: string[] = [];
	const server = http.createServer((req, res) => {
		requests.push(req.url ?? '');
		const body = routes[req.url ?? ''];
		if (body === undefined) {
			res.writeHead(404).end('not found');
			return;
		}

		res.writeHead(200, {'content-type': 'application/x-pem-file'}).end(body);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	return {url: p => `http://127.0.0.1:${port}${p}`, requests, close: () => new Promise(resolve => server.close(() => resolve()))};
}
