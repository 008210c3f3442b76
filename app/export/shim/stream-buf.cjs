// Replaces exceljs's StreamBuf (Node streams and Buffers) for the parts of a workbook being written: text is
// gathered in string parts and handed to the zip entry about every 256 k characters, so memory stays flat.
'use strict';
const { Emitter } = require('./emitter.cjs');

const FLUSH_AT = 1 << 18;

class StreamBuf extends Emitter {
  constructor() {
    super();
    this._parts = [];
    this._size = 0;
    this._target = null;
  }

  /** Called by the zip adapter with the entry that receives this part's text. */
  pipe(target) {
    this._target = target;
    return target;
  }

  write(data, encoding, callback) {
    const text = typeof data === 'string' ? data : String(data);
    this._parts.push(text);
    this._size += text.length;
    if (this._target && this._size >= FLUSH_AT) this._flush(false);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (done) done();
    return true;
  }

  _flush(final) {
    const text = this._parts.join('');
    this._parts = [];
    this._size = 0;
    this._target.write(text, final);
  }

  end(data) {
    if (data) this.write(data);
    if (this._target) this._flush(true);
    this.emit('finish');
  }

  pause() {}
  resume() {}
  cork() {}
  uncork() {}
}

module.exports = StreamBuf;
