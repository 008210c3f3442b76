// Stands in for Node built-ins (fs, crypto) and the XML reader (saxes) that exceljs's writer requires but never calls.
'use strict';
module.exports = {};
