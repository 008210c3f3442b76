// Stands in for 'readable-stream' inside exceljs's writer: only the reader (parse-sax) uses real streams,
// and the export never reads, so the classes need to exist, not to work.
'use strict';
const { Emitter } = require('./emitter.cjs');

class Stream extends Emitter {}
module.exports = { Stream, Readable: Stream, Writable: Stream, Duplex: Stream, Transform: Stream, PassThrough: Stream };
