import { readSync } from "node:fs";

/** Reads an open file's first `size` bytes (fewer if it ends first): the loop every bounded read shares. */
export function readToSize(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = readSync(fd, buffer, read, size - read, null);
    if (n === 0) break;
    read += n;
  }
  return buffer.subarray(0, read);
}
