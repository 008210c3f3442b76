// Build-time Vite plugin: compiles the collections' JSON schemas to standalone ajv validators, because the
// production CSP (`script-src 'self'`, no 'unsafe-eval') forbids the `new Function` ajv uses at run time.
import { Ajv } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { createRxSchema, type RxJsonSchema } from 'rxdb/plugins/core';
import type { Plugin } from 'vite';
import { DEVICE_COLLECTIONS } from './collections.ts';
import { schemaFingerprint } from './schema-fingerprint.ts';

export const VALIDATORS_MODULE = 'virtual:kartoteka-validators';
const RESOLVED = `\0${VALIDATORS_MODULE}`;

/** Collections validated on the device, by collection name (= schema title), at their current version. */
// Every collection, the pull-only ones too: a document the server sends is checked like one typed here.
const SCHEMAS: Record<string, object> = Object.fromEntries(
  Object.entries(DEVICE_COLLECTIONS).map(([name, entry]) => [name, entry.schema]),
);

// The keywords RxDB's own ajv instance accepts (rxdb/plugins/validate-ajv getAjv), so strict mode agrees.
const RXDB_KEYWORDS = [
  'version', 'keyCompression', 'primaryKey', 'indexes', 'encrypted', 'final', 'sharding',
  'internalIndexes', 'attachments', 'ref', 'crdt',
];

// ajv's ESM output still `require`s its runtime helper for maxLength; the same function, inlined.
const UCS2LENGTH = `function ucs2length(str){let length=0;let pos=0;const len=str.length;let value;while(pos<len){length++;value=str.charCodeAt(pos++);if(value>=0xd800&&value<=0xdbff&&pos<len){value=str.charCodeAt(pos);if((value&0xfc00)===0xdc00)pos++;}}return length;}`;

type Standalone = (ajv: Ajv, refs: Record<string, string>) => string;
const standaloneCode: Standalone =
  (standaloneModule as unknown as { default?: Standalone }).default ?? (standaloneModule as unknown as Standalone);

/**
 * The module source: one validator per collection, compiled from the schema exactly as RxDB hands it
 * to the storage (defaults filled, keys normalised), plus that schema's fingerprint so the app can
 * check at run time that it validates the schema it was built for.
 */
export function validatorsSource(): string {
  const ajv = new Ajv({ strict: true, code: { source: true, esm: true } });
  for (const keyword of RXDB_KEYWORDS) ajv.addKeyword(keyword);
  const keys: Record<string, string> = {};
  const fingerprints: Record<string, string> = {};
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    const storageSchema = createRxSchema(schema as RxJsonSchema<unknown>, () => Promise.resolve(''), false).jsonSchema;
    ajv.addSchema(storageSchema, name);
    keys[name] = name;
    fingerprints[name] = schemaFingerprint(storageSchema);
  }
  let code = standaloneCode(ajv, keys).replace(/require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, 'ucs2length');
  if (code.includes('require(')) throw new Error('precompile-validators: unexpected runtime require in ajv output');
  code += `\n${UCS2LENGTH}\nexport const fingerprints = ${JSON.stringify(fingerprints)};\n`;
  return code;
}

export function precompiledValidators(): Plugin {
  return {
    name: 'kartoteka-precompiled-validators',
    resolveId: (id) => (id === VALIDATORS_MODULE ? RESOLVED : null),
    load: (id) => (id === RESOLVED ? validatorsSource() : null),
  };
}
