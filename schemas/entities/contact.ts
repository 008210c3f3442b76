// Checks and normalises a company's contact details: email, website address, phone and fax numbers [V5].
import type { Checked } from './polish-identifiers.ts';

const ok = (value: string): Checked => ({ ok: true, value });
const fail = (code: string): Checked => ({ ok: false, code });

// A domain name of at least two labels ending in a letter-only TLD (or its punycode form);
// letters may be non-ASCII (IDN: 'zażółć.pl'). IP addresses are not company websites.
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TLD = /^(\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu;

function isDomain(host: string): boolean {
  const labels = host.split('.');
  return (
    host.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => LABEL.test(l)) &&
    TLD.test(labels[labels.length - 1] ?? '')
  );
}

// RFC 5322 atext, plus letters of any script (RFC 6531); dots only between atoms.
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;

export function checkEmail(input: string): Checked {
  // Addresses copied from a web page's link keep their 'mailto:'.
  const text = input.trim().replace(/^mailto:/i, '');
  if (text === '') return ok('');
  const at = text.lastIndexOf('@');
  const local = text.slice(0, at);
  // The domain is case-insensitive; the local part may not be (RFC 5321 §2.4), so it stays as typed.
  // The lower-cased domain is what is stored, so it is what is checked ('İ' lower-cases to 'i' + U+0307).
  const domain = text.slice(at + 1).toLowerCase();
  if (at < 1 || local.length > 64 || !LOCAL_PART.test(local) || !isDomain(domain)) {
    return fail('email.format');
  }
  return ok(`${local}@${domain}`);
}

export function checkUrl(input: string): Checked {
  const text = input.trim();
  if (text === '') return ok('');
  if (/[\s\p{Cc}]/u.test(text)) return fail('url.format');
  let full = text;
  if (!/^https?:\/\//i.test(text)) {
    // Any other scheme ('javascript:', 'data:', 'mailto:') is refused, but 'firma.pl:8080' is a port.
    if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text)) return fail('url.format');
    full = `https://${text}`;
  }
  const m = /^(https?):\/\/([^/?#]*)(.*)$/i.exec(full);
  const hostPort = m ? /^([^:@]+)(?::(\d{1,5}))?$/.exec(m[2] ?? '') : null;
  // The lower-cased host is what is stored, so it is what is checked (as for email domains).
  const host = (hostPort?.[1] ?? '').toLowerCase();
  // Credentials ('user@host') are refused: 'https://bank.pl@evil.example' hides the real host.
  if (!m || !hostPort || !isDomain(host) || Number(hostPort[2] ?? 0) > 65535) {
    return fail('url.format');
  }
  const port = hostPort[2] ? `:${hostPort[2]}` : '';
  const value = `${(m[1] ?? '').toLowerCase()}://${host}${port}${m[3] ?? ''}`;
  // The typed text is stored (not URL.href) so IDN hosts stay readable and no '/' is appended.
  return parses(value) ? ok(value) : fail('url.format');
}

// URL.canParse is missing in Safari before 17, which older tablets still run.
function parses(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

// Separators people type inside phone numbers: '(22) 123-45-67', '600.123.456'.
const PHONE_SEPARATORS = /[\s().\-\u2010-\u2015]/g;

export function checkPhone(input: string): Checked {
  const compact = input.replace(PHONE_SEPARATORS, '');
  if (compact === '') return ok('');
  // Polish numbers have 9 digits and never start with 0; the old trunk '0' ('022 …') is dropped.
  const polish = /^(?:\+48|0048|0)?([1-9]\d{8})$/.exec(compact);
  if (polish) {
    const d = polish[1] ?? '';
    return ok(`+48 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`);
  }
  // Other countries: E.164, a country code (never 0) and up to 15 digits in all.
  const foreign = /^(?:\+|00)([1-9]\d{7,14})$/.exec(compact);
  // '+48' with the wrong number of digits is a mistyped Polish number, not a foreign one.
  if (!foreign || foreign[1]?.startsWith('48')) return fail('phone.format');
  return ok(`+${foreign[1]}`);
}
