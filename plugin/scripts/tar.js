// A gzipped tar (POSIX ustar) of a few files, written with Node alone: the release needs no `tar` on the machine that
// builds it, and the archive is the same bytes on every machine (fixed owner and time).
"use strict";
const { gzipSync } = require("node:zlib");

const BLOCK = 512;

/** `value` as a NUL-terminated octal field of `width` bytes. */
function octal(value, width) {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

/** The 512-byte header of one entry: a file (type "0") or a directory (type "5"). */
function header(name, { size, mode, type, mtime }) {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: ${name} is longer than 100 bytes`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100);
  h.write(octal(mode, 8), 100);
  h.write(octal(0, 8), 108); // uid
  h.write(octal(0, 8), 116); // gid
  h.write(octal(size, 12), 124);
  h.write(octal(mtime, 12), 136);
  h.write("        ", 148); // the checksum counts its own field as spaces
  h.write(type, 156);
  h.write("ustar\0", 257);
  h.write("00", 263);
  h.write("root", 265);
  h.write("root", 297);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(octal(sum, 7) + " ", 148);
  return h;
}

/**
 * The .tar.gz of `entries`, in order: `{ name, data, mode }` for a file, `{ name }` ending in "/" for a directory.
 * `mtime` is in seconds since the epoch.
 */
function tarGz(entries, mtime) {
  const parts = [];
  for (const e of entries) {
    if (e.name.endsWith("/")) {
      parts.push(header(e.name, { size: 0, mode: 0o755, type: "5", mtime }));
      continue;
    }
    parts.push(header(e.name, { size: e.data.length, mode: e.mode ?? 0o644, type: "0", mtime }), e.data);
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(2 * BLOCK)); // the end-of-archive marker
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

module.exports = { tarGz };
