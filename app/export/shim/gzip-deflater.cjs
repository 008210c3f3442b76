// Raw deflate with its CRC-32 from the platform's native gzip CompressionStream (CommonJS, shared by the
// zip adapter and the deflate worker): gzip is raw deflate between a 10-byte header and a trailer with
// the CRC-32 and size, so the header is dropped and the trailer read, and no CRC is computed in JavaScript.
'use strict';

const GZIP_HEADER = 10;
const GZIP_TRAILER = 8;

function concat(a, b) {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

/** Whether this platform compresses gzip natively. */
function hasNativeGzip() {
  try {
    return typeof CompressionStream === 'function' && !!new CompressionStream('gzip');
  } catch {
    return false;
  }
}

/**
 * Starts one deflate stream; `on.data(bytes)` gets raw deflate output, `on.end(crc, size)` the CRC-32
 * and length of all input, `on.error(error)` any failure. Returns `write(bytes, final)`.
 */
function gzipDeflater(on) {
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let size = 0;
  let header = 0;
  let tail = new Uint8Array(0);
  const pump = () =>
    reader.read().then(({ done, value }) => {
      if (done) {
        const trailer = new DataView(tail.buffer, tail.byteOffset, tail.length);
        if (tail.length !== GZIP_TRAILER || trailer.getUint32(4, true) !== size >>> 0) throw new Error('gzip deflater: bad trailer');
        return void on.end(trailer.getUint32(0, true), size);
      }
      let chunk = value;
      if (header < GZIP_HEADER) {
        // FLG (byte 3) must be 0: no optional fields, so the header is exactly 10 bytes.
        if (header <= 3 && chunk.length > 3 - header && chunk[3 - header] !== 0) throw new Error('gzip deflater: unexpected header');
        const skip = Math.min(GZIP_HEADER - header, chunk.length);
        header += skip;
        chunk = chunk.subarray(skip);
      }
      // The last 8 bytes seen may be the trailer: held back until the stream ends.
      const all = tail.length ? concat(tail, chunk) : chunk;
      if (all.length > GZIP_TRAILER) {
        on.data(all.slice(0, all.length - GZIP_TRAILER));
        tail = all.slice(all.length - GZIP_TRAILER);
      } else tail = all.slice();
      return pump();
    });
  pump().catch((error) => on.error(error));
  return {
    write(bytes, final) {
      size += bytes.length;
      if (bytes.length) writer.write(bytes).catch(() => {});
      if (final) writer.close().catch(() => {});
    },
  };
}

module.exports = { gzipDeflater, hasNativeGzip };
