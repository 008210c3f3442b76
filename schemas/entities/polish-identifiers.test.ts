import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  checkNip, checkPkd, checkPostalCode, checkRegon, checkVoivodeship, nipCheckDigit, regonCheckDigit,
  VOIVODESHIPS,
} from './polish-identifiers.ts';

// Independent of the code under test: the weighted sums written out, to confirm the fixtures.
const sum = (digits: string, weights: number[]) => weights.reduce((s, w, i) => s + w * Number(digits[i]), 0);

describe('NIP', () => {
  const valid = ['5260250274', '7680002466', '1234563218'];

  it('[V1] fixtures are valid by the written-out weighted sum', () => {
    for (const nip of valid) expect(sum(nip, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11).toBe(Number(nip[9]));
  });

  it('[V1] accepts known-valid NIPs and stores them unchanged', () => {
    for (const nip of valid) expect(checkNip(nip)).toEqual({ ok: true, value: nip });
  });

  it('[V1] accepts NIP typed with dashes, spaces and PL prefix and stores digits', () => {
    for (const typed of ['526-025-02-74', '526 025 02 74', 'PL5260250274', 'pl 526-025-02-74', ' 52-60-25-02-74 ', '526\u2013025\u201302\u201374']) {
      expect(checkNip(typed)).toEqual({ ok: true, value: '5260250274' });
    }
  });

  it('[V1] empty input is valid and stored empty', () => {
    expect(checkNip('')).toEqual({ ok: true, value: '' });
    expect(checkNip('   ')).toEqual({ ok: true, value: '' });
  });

  it('[V1] rejects a wrong check digit', () => {
    expect(checkNip('5260250275')).toEqual({ ok: false, code: 'nip.checksum' });
    expect(checkNip('7680002467')).toEqual({ ok: false, code: 'nip.checksum' });
  });

  it('[V1] rejects every NIP whose weighted sum leaves remainder 10', () => {
    expect(sum('123456789', [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11).toBe(10);
    expect(nipCheckDigit('123456789')).toBeNull();
    for (let d = 0; d <= 9; d++) expect(checkNip(`123456789${d}`)).toEqual({ ok: false, code: 'nip.checksum' });
  });

  it('[V1] rejects the wrong number of digits', () => {
    expect(checkNip('526025027')).toEqual({ ok: false, code: 'nip.length' });
    expect(checkNip('52602502740')).toEqual({ ok: false, code: 'nip.length' });
    expect(checkNip('PL')).toEqual({ ok: false, code: 'nip.length' });
  });

  it('[V1] rejects letters and other characters', () => {
    expect(checkNip('526O250274')).toEqual({ ok: false, code: 'nip.chars' });
    expect(checkNip('DE5260250274')).toEqual({ ok: false, code: 'nip.chars' });
    expect(checkNip('526/025/02/74')).toEqual({ ok: false, code: 'nip.chars' });
  });

  it('[V1] nipCheckDigit refuses input that is not 9 digits', () => {
    expect(nipCheckDigit('52602502')).toBeNull();
    expect(nipCheckDigit('52602502a')).toBeNull();
    expect(nipCheckDigit('526025027')).toBe(4);
  });

  // Nine digits whose NIP exists (remainder not 10), with the full NIP.
  const generatedNip = fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
    .map((d) => d.join(''))
    .filter((first9) => nipCheckDigit(first9) !== null)
    .map((first9) => `${first9}${nipCheckDigit(first9)}`);

  it('[V1] property: a NIP built with nipCheckDigit passes in every typed spelling', () => {
    fc.assert(
      fc.property(generatedNip, (nip) => {
        const dashed = `${nip.slice(0, 3)}-${nip.slice(3, 6)}-${nip.slice(6, 8)}-${nip.slice(8)}`;
        for (const typed of [nip, dashed, dashed.replace(/-/g, ' '), `PL${nip}`, `pl ${dashed}`]) {
          expect(checkNip(typed)).toEqual({ ok: true, value: nip });
        }
      }),
    );
  });

  it('[V1] property: changing any single digit of a valid NIP makes it fail', () => {
    fc.assert(
      fc.property(generatedNip, fc.nat(9), fc.integer({ min: 1, max: 9 }), (nip, pos, shift) => {
        const changed = nip.slice(0, pos) + ((Number(nip[pos]) + shift) % 10) + nip.slice(pos + 1);
        expect(checkNip(changed)).toEqual({ ok: false, code: 'nip.checksum' });
      }),
    );
  });
});

describe('REGON', () => {
  it('[V2] fixtures are valid by the written-out weighted sums', () => {
    expect(sum('123456785', [8, 9, 2, 3, 4, 5, 6, 7]) % 11 % 10).toBe(5);
    expect(sum('12345678512347', [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8]) % 11 % 10).toBe(7);
  });

  it('[V2] accepts a valid 9-digit REGON, also typed with spaces', () => {
    expect(checkRegon('123456785')).toEqual({ ok: true, value: '123456785' });
    expect(checkRegon(' 123 456 785 ')).toEqual({ ok: true, value: '123456785' });
  });

  it('[V2] accepts a valid 14-digit REGON', () => {
    expect(checkRegon('12345678512347')).toEqual({ ok: true, value: '12345678512347' });
  });

  it('[V2] remainder 10 gives check digit 0 (sum mod 11 mod 10)', () => {
    expect(sum('10000005', [8, 9, 2, 3, 4, 5, 6, 7]) % 11).toBe(10);
    expect(regonCheckDigit('10000005')).toBe(0);
    expect(checkRegon('100000050')).toEqual({ ok: true, value: '100000050' });
  });

  it('[V2] rejects wrong check digits', () => {
    expect(checkRegon('123456786')).toEqual({ ok: false, code: 'regon.checksum' });
    expect(checkRegon('12345678512348')).toEqual({ ok: false, code: 'regon.checksum' });
  });

  it('[V2] rejects a 14-digit REGON whose first 9 digits are not a valid REGON-9', () => {
    // The 14-digit checksum itself is right here; only the embedded REGON-9 is wrong.
    expect(regonCheckDigit('1234567861234')).toBe(2);
    expect(checkRegon('12345678612342')).toEqual({ ok: false, code: 'regon.checksum' });
  });

  it('[V2] rejects lengths other than 9 and 14, and letters', () => {
    expect(checkRegon('12345678')).toEqual({ ok: false, code: 'regon.length' });
    expect(checkRegon('1234567851234')).toEqual({ ok: false, code: 'regon.length' });
    expect(checkRegon('12345678A')).toEqual({ ok: false, code: 'regon.chars' });
    expect(checkRegon('')).toEqual({ ok: true, value: '' });
  });

  it('[V2] regonCheckDigit refuses lengths other than 8 and 13', () => {
    expect(() => regonCheckDigit('123')).toThrow(RangeError);
  });

  it('[V2] property: REGON-9 and REGON-14 built with regonCheckDigit pass', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    fc.assert(
      fc.property(digits(8), digits(4), (first8, unit) => {
        const regon9 = `${first8}${regonCheckDigit(first8)}`;
        const regon14 = `${regon9}${unit}${regonCheckDigit(regon9 + unit)}`;
        expect(checkRegon(regon9)).toEqual({ ok: true, value: regon9 });
        expect(checkRegon(regon14)).toEqual({ ok: true, value: regon14 });
      }),
    );
  });
});

describe('PKD', () => {
  it('[V3] normalises 1011Z, 10.11Z, 10.11.z and padded input to 10.11.Z', () => {
    for (const typed of ['1011Z', '10.11Z', '10.11.z', ' 10.11.Z ', '10.11.Z', '1011z', '10 11 Z']) {
      expect(checkPkd(typed)).toEqual({ ok: true, value: '10.11.Z' });
    }
  });

  it('[V3] rejects other shapes', () => {
    for (const typed of ['10.11', '101.1.Z', '10.11.ZZ', '10.11.1', 'AB.CD.E', '10-11-Z', '10.11.Ź']) {
      expect(checkPkd(typed)).toEqual({ ok: false, code: 'pkd.format' });
    }
    expect(checkPkd('')).toEqual({ ok: true, value: '' });
  });
});

describe('postal code', () => {
  it('[V4] accepts NN-NNN and normalises 00950', () => {
    expect(checkPostalCode('00-950')).toEqual({ ok: true, value: '00-950' });
    expect(checkPostalCode('00950')).toEqual({ ok: true, value: '00-950' });
    expect(checkPostalCode(' 00 - 950 ')).toEqual({ ok: true, value: '00-950' });
    expect(checkPostalCode('00\u2013950')).toEqual({ ok: true, value: '00-950' });
  });

  it('[V4] rejects other shapes', () => {
    for (const typed of ['0-950', '00-9500', '000-950', 'AB-CDE', '00.950']) {
      expect(checkPostalCode(typed)).toEqual({ ok: false, code: 'postalCode.format' });
    }
  });
});

describe('voivodeship', () => {
  it('[V4] lists the 16 TERYT codes in code order', () => {
    expect(VOIVODESHIPS.map((v) => v.code)).toEqual(
      ['02', '04', '06', '08', '10', '12', '14', '16', '18', '20', '22', '24', '26', '28', '30', '32'],
    );
    expect(VOIVODESHIPS.find((v) => v.code === '14')?.name).toBe('mazowieckie');
  });

  it('[V4] accepts a code or a name in any case and stores the code', () => {
    expect(checkVoivodeship('14')).toEqual({ ok: true, value: '14' });
    expect(checkVoivodeship('Mazowieckie')).toEqual({ ok: true, value: '14' });
    expect(checkVoivodeship('ŚLĄSKIE')).toEqual({ ok: true, value: '24' });
    expect(checkVoivodeship('Łódzkie')).toEqual({ ok: true, value: '10' });
  });

  it('[V4] accepts spreadsheet spellings: no leading zero, no Polish letters, woj. prefix', () => {
    expect(checkVoivodeship('2')).toEqual({ ok: true, value: '02' });
    expect(checkVoivodeship('slaskie')).toEqual({ ok: true, value: '24' });
    expect(checkVoivodeship('swietokrzyskie')).toEqual({ ok: true, value: '26' });
    expect(checkVoivodeship('woj. kujawsko - pomorskie')).toEqual({ ok: true, value: '04' });
    expect(checkVoivodeship('Województwo lodzkie')).toEqual({ ok: true, value: '10' });
  });

  it('[V4] every name maps to its own code', () => {
    for (const v of VOIVODESHIPS) expect(checkVoivodeship(v.name)).toEqual({ ok: true, value: v.code });
  });

  it('[V4] rejects anything outside the closed list', () => {
    for (const typed of ['01', '34', '99', 'Bawaria', 'pomorskie zachodnie', 'woj.']) {
      expect(checkVoivodeship(typed)).toEqual({ ok: false, code: 'voivodeship.unknown' });
    }
    expect(checkVoivodeship('')).toEqual({ ok: true, value: '' });
  });
});
