// Replaces exceljs's StringBuf (a growing Node Buffer) with string parts: the browser has no Buffer, and
// the zip adapter encodes whole chunks at once, which is faster than byte copies per cell.
'use strict';

class StringBuf {
  constructor() {
    this._parts = [];
    this._length = 0;
  }

  get length() {
    return this._length;
  }

  reset() {
    this._parts = [];
    this._length = 0;
  }

  addText(text) {
    this._parts.push(text);
    this._length += text.length;
  }

  addStringBuf(other) {
    this.addText(other.toString());
  }

  toString() {
    return this._parts.join('');
  }
}

module.exports = StringBuf;
