/**
The last bytes a program writes before the pty's last process exits, which node-pty can drop. When the slave side
closes, libuv takes a short read with POLLHUP set as the end of the stream and stops reading, but a pty may still hold
output (the kernel moves it from the slave to the master in the background, and at most 4 KB at a time): bash's
`echo "EXIT=$?"` after a run was lost that way under load (about 1 run in 100 with both cores busy; most runs after
200 KB of output). A read at that moment still returns it: the kernel finishes moving the output first.
*/
import {readSync} from 'node:fs';
import type {IPty} from '@lydell/node-pty';

/** node-pty's own fields: the master's file descriptor and the stream that reads it. */
interface PtyInternals {
	_fd: number;
	_socket: NodeJS.ReadableStream;
}

/**
When node-pty's stream ends, read what the pty still holds (until it says there is no more) and hand it to `onData`,
before the descriptor is closed.
*/
export function keepLastOutput(child: IPty, onData: (data: string) => void): void {
	const {_fd: fd, _socket: socket} = child as unknown as PtyInternals;
	socket.prependListener('end', () => {
		const buffer = Buffer.alloc(64 * 1024);
		const decoder = new TextDecoder();
		let rest = '';
		for (;;) {
			let n: number;
			try {
				// The descriptor is non-blocking: EAGAIN when nothing is left, EIO once the other side is closed and empty.
				n = readSync(fd, buffer, 0, buffer.length, null);
			} catch {
				break;
			}

			if (n === 0) break;
			rest += decoder.decode(buffer.subarray(0, n), {stream: true});
		}

		rest += decoder.decode();
		if (rest) onData(rest);
	});
}
