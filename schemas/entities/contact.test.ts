import { describe, it, expect } from 'vitest';
import { checkEmail, checkPhone, checkUrl } from './contact.ts';

const okValue = (value: string) => ({ ok: true, value });

describe('email', () => {
  it('[V5] accepts ordinary addresses and lower-cases only the domain', () => {
    expect(checkEmail('biuro@firma.pl')).toEqual(okValue('biuro@firma.pl'));
    expect(checkEmail(' Jan.Kowalski+crm@Firma.COM.PL ')).toEqual(okValue('Jan.Kowalski+crm@firma.com.pl'));
    expect(checkEmail('mailto:biuro@firma.pl')).toEqual(okValue('biuro@firma.pl'));
    expect(checkEmail('kontakt@zakłady-mięsne.pl')).toEqual(okValue('kontakt@zakłady-mięsne.pl'));
  });

  it('[V5] rejects malformed addresses', () => {
    for (const typed of ['biuro', 'biuro@', '@firma.pl', 'biuro@firma', 'biuro@@firma.pl', 'bi uro@firma.pl',
      'biuro@firma..pl', '.biuro@firma.pl', 'biu..ro@firma.pl', 'biuro@-firma.pl', 'biuro@firma.p1', 'biuro@1.2.3.4']) {
      expect(checkEmail(typed), typed).toEqual({ ok: false, code: 'email.format' });
    }
  });

  it('[V5] may stay empty', () => {
    expect(checkEmail('  ')).toEqual(okValue(''));
  });

  it('[V5] normalising is idempotent', () => {
    const once = checkEmail('Biuro@FIRMA.pl');
    expect(once.ok && checkEmail(once.value)).toEqual(once);
  });
});

describe('website', () => {
  it('[V5] adds https:// when the scheme is missing', () => {
    expect(checkUrl('firma.pl')).toEqual(okValue('https://firma.pl'));
    expect(checkUrl('www.firma.pl')).toEqual(okValue('https://www.firma.pl'));
    expect(checkUrl('firma.pl:8080/sklep')).toEqual(okValue('https://firma.pl:8080/sklep'));
  });

  it('[V5] keeps http and https addresses, lower-casing scheme and host only', () => {
    expect(checkUrl('https://firma.pl/x')).toEqual(okValue('https://firma.pl/x'));
    expect(checkUrl('http://firma.pl')).toEqual(okValue('http://firma.pl'));
    expect(checkUrl('HTTPS://WWW.Firma.PL/Oferta?a=1#B')).toEqual(okValue('https://www.firma.pl/Oferta?a=1#B'));
    expect(checkUrl('https://zakłady-mięsne.pl')).toEqual(okValue('https://zakłady-mięsne.pl'));
  });

  it('[V5] rejects every scheme other than http and https', () => {
    for (const typed of ['javascript:alert(1)', 'JavaScript://%0Aalert(1)', 'data:text/html,<b>x</b>',
      'ftp://firma.pl', 'mailto:biuro@firma.pl', 'file:///etc/passwd', 'vbscript:msgbox']) {
      expect(checkUrl(typed), typed).toEqual({ ok: false, code: 'url.format' });
    }
  });

  it('[V5] rejects addresses without a real host, with credentials or with spaces', () => {
    for (const typed of ['firma', 'https://', 'https://localhost', 'http://192.168.0.1', 'https://bank.pl@evil.example',
      'firma .pl', 'https://firma.pl/a b', 'https://firma.pl:99999', '//firma.pl']) {
      expect(checkUrl(typed), typed).toEqual({ ok: false, code: 'url.format' });
    }
  });

  it('[V5] may stay empty and normalising is idempotent', () => {
    expect(checkUrl('')).toEqual(okValue(''));
    const once = checkUrl('WWW.Firma.pl/x');
    expect(once.ok && checkUrl(once.value)).toEqual(once);
  });
});

describe('phone', () => {
  it('[V5] stores Polish numbers as +48 123 456 789 whatever the spelling', () => {
    for (const typed of ['123456789', '123 456 789', '123-456-789', '+48 123 456 789', '+48123456789',
      '0048 123 456 789', '(12) 345-67-89', '+48 (12) 345 67 89', '012 345 67 89', '123.456.789']) {
      expect(checkPhone(typed), typed).toEqual(okValue('+48 123 456 789'));
    }
  });

  it('[V5] stores other international numbers as + and digits', () => {
    expect(checkPhone('+49 30 1234567')).toEqual(okValue('+49301234567'));
    expect(checkPhone('0044 20 7946 0018')).toEqual(okValue('+442079460018'));
    expect(checkPhone('+1 (202) 555-0123')).toEqual(okValue('+12025550123'));
  });

  it('[V5] rejects wrong digit counts, letters and mistyped +48 numbers', () => {
    for (const typed of ['12345678', '1234567890', '012345678', '+48 12 345 678', '+48 1234 567 890',
      '+4912345', '+1234567890123456', 'abc', '600 123 45x', '+0 123 456 789', '600 123 456 wew. 12']) {
      expect(checkPhone(typed), typed).toEqual({ ok: false, code: 'phone.format' });
    }
  });

  it('[V5] may stay empty and normalising is idempotent', () => {
    expect(checkPhone(' ')).toEqual(okValue(''));
    for (const typed of ['600123456', '+49 30 1234567']) {
      const once = checkPhone(typed);
      expect(once.ok && checkPhone(once.value)).toEqual(once);
    }
  });
});
