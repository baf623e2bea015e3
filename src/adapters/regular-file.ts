/**
Reading a file someone else may have handed us (a profile, a report, a CA certificate): only a regular file,
only up to a size limit. A FIFO would otherwise block forever and /dev/zero would grow the process without
bound; a directory or a device is refused with a one-line reason.
*/
import {constants} from 'node:fs';
import {open} from 'node:fs/promises';

/** A file that cannot be read as asked: `code` is the errno code, or NOT_REGULAR / TOO_LARGE. */
export class FileReadError extends Error {
	override name = 'FileReadError';
	constructor(message: string, readonly code: string) {
		super(message);
	}
}

/** Read a regular file's text, refusing anything else and anything over maxBytes. */
export async function readRegularFile(file: string, maxBytes: number): Promise<string> {
	let handle;
	try {
		// O_NONBLOCK: opening a FIFO must not wait for a writer; fstat below then refuses it.
		handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
		throw new FileReadError(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code, code);
	}

	try {
		const info = await handle.stat();
		if (!info.isFile()) throw new FileReadError(`not a regular file (${kindOf(info)})`, 'NOT_REGULAR');
		if (info.size > maxBytes) throw new FileReadError(`larger than ${formatBytes(maxBytes)}`, 'TOO_LARGE');
		// Read at most one byte past the limit, in case the file grows meanwhile.
		const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
		let length = 0;
		for (;;) {
			const {bytesRead} = await handle.read(buffer, length, buffer.length - length, length);
			if (bytesRead === 0) break;
			length += bytesRead;
			if (length > maxBytes) throw new FileReadError(`larger than ${formatBytes(maxBytes)}`, 'TOO_LARGE');
			if (length === buffer.length) break;
		}

		return buffer.subarray(0, length).toString('utf8');
	} finally {
		await handle.close();
	}
}

function kindOf(info: {isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean}): string {
	if (info.isDirectory()) return 'a directory';
	if (info.isFIFO()) return 'a named pipe';
	if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
	if (info.isSocket()) return 'a socket';
	return 'not a file';
}

function formatBytes(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}
