// Replaces 'archiver' (Node streams, zlib) inside exceljs's streaming writer with fflate's streaming zip:
// each part is deflated as it arrives and the compressed bytes go to the writer's output, chunk by chunk.
// Deflate itself is the platform's native CompressionStream('gzip') where there is one (several times
// faster than deflate in JavaScript, and it brings the CRC); fflate keeps the zip structure.
'use strict';
const { Zip, ZipDeflate, ZipPassThrough } = require('fflate');
const { Emitter } = require('./emitter.cjs');
const { gzipDeflater, hasNativeGzip } = require('./gzip-deflater.cjs');

const encoder = new TextEncoder();
const DEFLATE = 8;

/**
 * A zip entry fflate frames (local header, data descriptor) whose data the native gzip stream deflates
 * (`open` = gzipDeflater). A separate deflate worker was tried: slower on a busy 2-core machine.
 */
class DeflatedEntry extends ZipPassThrough {
  constructor(name, open) {
    super(name);
    this.compression = DEFLATE;
    this._stream = open({
      data: (bytes) => this.ondata(null, bytes, false),
      end: (crc) => {
        this.crc = crc;
        this.ondata(null, new Uint8Array(0), true);
      },
      error: (error) => this.ondata(error, null, true),
    });
  }

  /** As ZipPassThrough.push, without its JavaScript CRC: the deflater brings the CRC. */
  push(chunk, final) {
    if (!this.ondata) throw new Error('archiver shim: entry not added to a zip');
    this.size += chunk.length;
    this._stream.write(chunk, final || false);
  }
}

class ZipArchive extends Emitter {
  constructor(options) {
    super();
    const zlib = (options && options.zlib) || {};
    this._level = zlib.level === undefined ? 6 : zlib.level;
    // Native gzip where the platform has it (fflate's deflate measured ~35% slower in the worker), else fflate.
    this._open = hasNativeGzip() ? gzipDeflater : null;
    this._output = null;
    this._zip = new Zip((error, data, final) => {
      if (error) return void this.emit('error', error);
      if (data.length) this._output.write(data);
      if (final) this._output.end();
    });
  }

  pipe(output) {
    this._output = output;
    return output;
  }

  /** A part from a string, bytes, or a StreamBuf that pipes its text in as it is written. */
  append(source, data) {
    // archiver drops a leading '/'; exceljs names some parts '/xl/workbook.xml'.
    const name = String(data.name).replace(/^\/+/, '');
    const entry = this._open ? new DeflatedEntry(name, this._open) : new ZipDeflate(name, { level: this._level });
    this._zip.add(entry);
    if (typeof source === 'string') entry.push(encoder.encode(source), true);
    else if (source instanceof Uint8Array) entry.push(source, true);
    else source.pipe({ write: (text, final) => entry.push(encoder.encode(text), final) });
    return this;
  }

  file() {
    throw new Error('archiver shim: files from disk are not supported in the browser');
  }

  finalize() {
    this._zip.end();
  }
}

module.exports = function archiver(format, options) {
  if (format !== 'zip') throw new Error(`archiver shim: only zip is supported, not ${format}`);
  return new ZipArchive(options);
};
