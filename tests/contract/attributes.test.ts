// Contract: custom attributes on every backend — who defines and edits them [P7], what an order's binding lets its
// records hold [V6], retired attributes and options keep their data, closed orders refuse writes [P4], hostile
// text is stored literally [S10], and every device counts from complete data.
import { beforeEach, expect, it } from 'vitest';
import type { AttributeChoice } from '../../schemas/entities/attribute.ts';
import type { Role } from '../../schemas/entities/user.ts';
import type { PushRow } from '../../schemas/protocol/sync.ts';
import type { Doc, TestClient } from './client.ts';
import { T0, created, deleted, edited, makeAttribute, makeClient, makeOrder } from './fixtures.ts';
import { contractSuite, type SignedIn } from './harness.ts';

const NOTHING = { conflicts: [], refused: [] };
const option = (key: string, label: string, retired = false): AttributeChoice => ({ key, label, labelEn: '', retired });
// Edits are stamped at LATER while the server clock stands an hour after T0: never clamped [M9].
const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
const LATER = T0 + 60_000;

contractSuite('custom attributes', (s) => {
  // The harness empties every table but `attributes` between tests (backends.ts TABLES): start each test clean.
  beforeEach(async () => {
    await s.db.exec('TRUNCATE attributes');
    s.clock.now = T0 + 3_600_000;
  });

  async function accept(client: TestClient, collection: string, rows: PushRow<Doc>[]) {
    expect(await client.push(collection, rows)).toEqual(NOTHING);
  }

  async function pulled(client: TestClient, collection: string, id: string): Promise<Doc> {
    const found = (await client.pullAll(collection)).documents.find((d) => d.id === id);
    if (!found) throw new Error(`${collection}/${id} not pulled`);
    return found;
  }

  async function stored(collection: 'clients' | 'orders' | 'attributes', id: string): Promise<Doc | null> {
    const result = await s.db.query<{ doc: Doc }>(`SELECT doc FROM ${collection} WHERE id = $1`, [id]);
    return result.rows[0]?.doc ?? null;
  }

  /** A new record with custom values, each stamped like the form stamps them [M2]. */
  function record(id: string, orderId: string, ownerId: string, custom: Record<string, unknown> = {}): Doc {
    const doc = makeClient({ id, orderId, ownerId });
    const times = { ...(doc.fieldTimes as Record<string, number>) };
    for (const key of Object.keys(custom)) times[`custom:${key}`] = T0;
    return { ...doc, custom, fieldTimes: times };
  }

  /**
   * An organisation: coordinator C manages supervisor S, who manages operator A; principal P owns order o1,
   * to which S, A and verifier V are bound. `attributeIds` are defined (as text, unless given) and bound to o1.
   */
  async function team(attributes: Doc[] = []) {
    const admin = await s.signIn('admin');
    const coordinator = await s.signIn('coordinator');
    const principal = await s.signIn('principal');
    const supervisor = await s.signIn('supervisor');
    const operator = await s.signIn('operator');
    const verifier = await s.signIn('verifier');
    await s.setManager(supervisor.user.id, coordinator.user.id);
    await s.setManager(operator.user.id, supervisor.user.id);
    const defined = attributes.map((a): Doc => ({ ...a, createdBy: principal.user.id }));
    if (defined.length) await accept(principal.client, 'attributes', defined.map(created));
    await accept(principal.client, 'orders', [
      created(makeOrder({ id: 'o1', createdBy: principal.user.id }, { attributeIds: defined.map((a) => String(a.id)) })),
    ]);
    for (const who of [supervisor, operator, verifier]) await s.bind('o1', who.user.id);
    return { admin, coordinator, principal, supervisor, operator, verifier };
  }

  // ---- definitions [P7] ------------------------------------------------------------------------

  it('[P7] administrators, coordinators and principals define attributes; operators, supervisors and verifiers are refused', async () => {
    const people = await team();
    for (const role of ['admin', 'coordinator', 'principal'] as const) {
      const { user, client } = people[role];
      await accept(client, 'attributes', [created(makeAttribute({ id: `by-${role}`, createdBy: user.id }))]);
      expect(await stored('attributes', `by-${role}`)).toMatchObject({ createdBy: user.id });
    }
    for (const role of ['operator', 'supervisor', 'verifier'] as const) {
      const { user, client } = people[role];
      expect(await client.push('attributes', [created(makeAttribute({ id: `by-${role}`, createdBy: user.id }))])).toEqual({
        conflicts: [], refused: [{ id: `by-${role}`, code: 'FORBIDDEN', issues: [{ field: '', code: 'permission.role' }] }],
      });
      expect(await stored('attributes', `by-${role}`)).toBeNull();
    }
    // Defined as oneself only (administrators may define for others).
    const other = created(makeAttribute({ id: 'for-other', createdBy: people.admin.user.id }));
    for (const role of ['coordinator', 'principal'] as const) {
      expect((await people[role].client.push('attributes', [other])).refused).toEqual([
        { id: 'for-other', code: 'FORBIDDEN', issues: [{ field: 'createdBy', code: 'permission.owner' }] },
      ]);
    }
    expect(await s.count('refused_changes', "collection = 'attributes' AND code = 'FORBIDDEN'")).toBe(5);
  });

  it('[P7] a principal edits only the attributes they defined; coordinators and administrators edit any', async () => {
    const people = await team();
    const other = await s.signIn('principal');
    await accept(people.principal.client, 'attributes', [created(makeAttribute({ id: 'mine', createdBy: people.principal.user.id }))]);
    const master = await pulled(other.client, 'attributes', 'mine');

    const foreign = await other.client.push('attributes', [edited(master, { label: 'Przejęte' }, LATER)]);
    expect(foreign.refused).toEqual([{ id: 'mine', code: 'FORBIDDEN', issues: [{ field: 'label', code: 'permission.field' }] }]);
    expect(foreign.conflicts).toEqual([master]); // the stored state comes back [S6]
    expect(await stored('attributes', 'mine')).toMatchObject({ label: 'Atrybut mine' });

    let current = master;
    for (const [who, label] of [[people.principal, 'Własna'], [people.coordinator, 'Koordynator'], [people.admin, 'Administrator']] as const) {
      current = await pulled(who.client, 'attributes', 'mine');
      await accept(who.client, 'attributes', [edited(current, { label }, LATER)]);
      expect(await stored('attributes', 'mine')).toMatchObject({ label, createdBy: people.principal.user.id });
    }
  });

  it('[P7] kind, id, creator and creation time never change, and an attribute is never deleted', async () => {
    const people = await team();
    await accept(people.coordinator.client, 'attributes', [created(makeAttribute({ id: 'liczba', createdBy: people.coordinator.user.id }, { kind: 'integer' }))]);
    const master = await pulled(people.admin.client, 'attributes', 'liczba');
    const changes: [string, Doc][] = [
      ['kind', { kind: 'text' }], ['createdBy', { createdBy: people.admin.user.id }], ['createdAt', { createdAt: T0 - 1 }],
    ];
    for (const [field, change] of changes) {
      const result = await people.admin.client.push('attributes', [edited(master, change, LATER)]);
      expect(result.refused, field).toEqual([{ id: 'liczba', code: 'FORBIDDEN', issues: [{ field, code: 'permission.field' }] }]);
    }
    for (const who of [people.admin, people.coordinator]) {
      const result = await who.client.push('attributes', [deleted(master)]);
      expect(result.refused).toEqual([{ id: 'liczba', code: 'FORBIDDEN', issues: [{ field: '_deleted', code: 'permission.field' }] }]);
      expect(result.conflicts).toEqual([master]);
    }
    expect(await stored('attributes', 'liczba')).toEqual((({ _deleted: _, ...doc }) => doc)(master));
    expect(await s.count('attributes', 'deleted')).toBe(0);
  });

  it('[P7] an option is never removed (attribute.choiceRemoved); it is retired or relabelled instead', async () => {
    const people = await team();
    const choices = [option('duza', 'Duża'), option('mala', 'Mała')];
    await accept(people.principal.client, 'attributes', [created(makeAttribute({ id: 'wielkosc', createdBy: people.principal.user.id }, { kind: 'choice', choices }))]);
    const master = await pulled(people.principal.client, 'attributes', 'wielkosc');

    for (const who of [people.principal, people.admin]) {
      const removed = await who.client.push('attributes', [edited(master, { choices: [choices[0]!] }, LATER)]);
      expect(removed.refused).toEqual([{ id: 'wielkosc', code: 'FORBIDDEN', issues: [{ field: 'choices', code: 'attribute.choiceRemoved' }] }]);
      // Renaming a key is removing it too.
      const renamed = await who.client.push('attributes', [edited(master, { choices: [choices[0]!, option('mała', 'Mała')] }, LATER)]);
      expect(renamed.refused).toHaveLength(1);
    }
    const retired = [option('duza', 'Duża firma'), option('mala', 'Mała', true), option('srednia', 'Średnia')];
    await accept(people.principal.client, 'attributes', [edited(master, { choices: retired }, LATER)]);
    expect(await stored('attributes', 'wielkosc')).toMatchObject({ choices: retired });
  });

  it('[S10] definitions are validated on the server: control characters, reserved ids and option rules refused', async () => {
    const people = await team();
    const by = people.coordinator.user.id;
    const cases: [string, Doc, { field: string; code: string }[]][] = [
      ['bidi', makeAttribute({ id: 'bidi', createdBy: by }, { label: 'Nazwa \u202Egp.lzcip' }), [{ field: 'label', code: 'chars.control' }]],
      ['newline', makeAttribute({ id: 'newline', createdBy: by }, { hint: 'a\nb' }), [{ field: 'hint', code: 'chars.control' }]],
      ['__proto__', makeAttribute({ id: '__proto__', createdBy: by }), [{ field: 'id', code: 'json.forbiddenKey' }]],
      ['constructor', makeAttribute({ id: 'constructor', createdBy: by }), [{ field: 'id', code: 'json.forbiddenKey' }]],
      ['nochoices', makeAttribute({ id: 'nochoices', createdBy: by }, { kind: 'choice' }), [{ field: 'choices', code: 'attribute.choicesRequired' }]],
      ['dup', makeAttribute({ id: 'dup', createdBy: by }, { kind: 'multiChoice', choices: [option('a', 'A'), option('a', 'B')] }),
        [{ field: 'choices', code: 'attribute.choiceDuplicate' }]],
      ['textchoices', makeAttribute({ id: 'textchoices', createdBy: by }, { choices: [option('a', 'A')] }), [{ field: 'choices', code: 'attribute.noChoices' }]],
    ];
    const result = await people.coordinator.client.push('attributes', cases.map(([, doc]) => created(doc)));
    expect(result.conflicts).toEqual([]);
    expect(byId(result.refused)).toEqual(byId(cases.map(([id, , issues]) => ({ id, code: 'VALIDATION', issues }))));
    expect(await s.count('attributes')).toBe(0);
    expect(await s.count('refused_changes', "collection = 'attributes' AND code = 'VALIDATION'")).toBe(cases.length);
  });

  it('[S3] every attribute reaches every role through pull, retired ones included', async () => {
    const people = await team();
    await accept(people.principal.client, 'attributes', [created(makeAttribute({ id: 'p-attr', createdBy: people.principal.user.id }))]);
    await accept(people.coordinator.client, 'attributes', [created(makeAttribute({ id: 'c-attr', createdBy: people.coordinator.user.id }, { retired: true }))]);
    await accept(people.admin.client, 'attributes', [created(makeAttribute({ id: 'a-attr', createdBy: people.admin.user.id }))]);
    const unbound = await s.signIn('operator');
    const otherPrincipal = await s.signIn('principal');
    const everyone: SignedIn[] = [...Object.values(people), unbound, otherPrincipal];
    expect(new Set(everyone.map((p) => p.user.role as Role)).size).toBe(6);
    for (const who of everyone) {
      const { documents } = await who.client.pullAll('attributes');
      expect(documents.map((d) => d.id).sort(), who.user.role).toEqual(['a-attr', 'c-attr', 'p-attr']);
    }
  });

  // ---- values and binding [V6] --------------------------------------------------------------

  it('[V6] a value for an attribute the order does not use is refused (custom.notBound), and accepted once the order binds it', async () => {
    const people = await team();
    await accept(people.principal.client, 'attributes', [created(makeAttribute({ id: 'branza', createdBy: people.principal.user.id }))]);
    const row = created(record('c1', 'o1', people.operator.user.id, { branza: 'wędliny' }));
    expect(await people.operator.client.push('clients', [row])).toEqual({
      conflicts: [], refused: [{ id: 'c1', code: 'VALIDATION', issues: [{ field: 'custom:branza', code: 'custom.notBound' }] }],
    });
    expect(await stored('clients', 'c1')).toBeNull();
    expect(await s.count('refused_changes', "doc_id = 'c1' AND code = 'VALIDATION'")).toBe(1);

    // The principal binds the attribute to the order: the same row is now what the order accepts.
    const order = await pulled(people.principal.client, 'orders', 'o1');
    await accept(people.principal.client, 'orders', [edited(order, { attributeIds: ['branza'] }, LATER)]);
    await accept(people.operator.client, 'clients', [row]);
    expect(await stored('clients', 'c1')).toMatchObject({ custom: { branza: 'wędliny' } });

    // Keys that could reach a prototype are never attribute keys: refused before any other check, or as unbound.
    const constructor = created(record('c2', 'o1', people.operator.user.id, { constructor: 'x' }));
    expect((await people.operator.client.push('clients', [constructor])).refused).toMatchObject([
      { id: 'c2', code: 'VALIDATION', issues: [{ code: 'json.forbiddenKey' }] },
    ]);
    const proto = JSON.stringify({ rows: [created(record('c3', 'o1', people.operator.user.id, { branza: 'x' }))] })
      .replace('"branza":"x"', '"branza":"x","__proto__":"y"');
    const response = await people.operator.client.request('POST', '/api/sync/clients/push', proto);
    expect(((await response.json()) as { refused: unknown[] }).refused).toMatchObject([
      { id: 'c3', code: 'VALIDATION', issues: [{ code: 'json.forbiddenKey' }] },
    ]);
    const inherited = created(record('c4', 'o1', people.operator.user.id, { toString: 'x', hasOwnProperty: 'y' }));
    expect((await people.operator.client.push('clients', [inherited])).refused).toEqual([
      // [V7] their edit times name inherited members: refused before the values are judged
      { id: 'c4', code: 'VALIDATION', issues: [{ field: 'fieldTimes', code: 'json.forbiddenKey' }] },
    ]);
    expect(await s.count('clients')).toBe(1);
  });

  it('[V6] an order binds only attributes that exist: attribute.unknown', async () => {
    const people = await team();
    await accept(people.principal.client, 'attributes', [created(makeAttribute({ id: 'jest', createdBy: people.principal.user.id }))]);
    const fresh = created(makeOrder({ id: 'o2', createdBy: people.principal.user.id }, { attributeIds: ['jest', 'nie-ma'] }));
    expect(await people.principal.client.push('orders', [fresh])).toEqual({
      conflicts: [], refused: [{ id: 'o2', code: 'VALIDATION', issues: [{ field: 'attributeIds', code: 'attribute.unknown' }] }],
    });
    const order = await pulled(people.principal.client, 'orders', 'o1');
    const result = await people.principal.client.push('orders', [edited(order, { attributeIds: ['jest', 'nie-ma'] }, LATER)]);
    expect(result.refused).toEqual([{ id: 'o1', code: 'VALIDATION', issues: [{ field: 'attributeIds', code: 'attribute.unknown' }] }]);
    expect(result.conflicts).toEqual([order]);
    await accept(people.principal.client, 'orders', [edited(order, { attributeIds: ['jest'] }, LATER)]);
    expect(await stored('orders', 'o1')).toMatchObject({ attributeIds: ['jest'] });
  });

  it('[V6][S10] every kind is checked on the server: stored forms accepted, typed spellings and wrong values refused with their code', async () => {
    const kinds: Doc[] = [
      makeAttribute({ id: 'k-text', createdBy: '' }),
      makeAttribute({ id: 'k-long', createdBy: '' }, { kind: 'longText' }),
      makeAttribute({ id: 'k-int', createdBy: '' }, { kind: 'integer' }),
      makeAttribute({ id: 'k-dec', createdBy: '' }, { kind: 'decimal' }),
      makeAttribute({ id: 'k-date', createdBy: '' }, { kind: 'date' }),
      makeAttribute({ id: 'k-bool', createdBy: '' }, { kind: 'boolean' }),
      makeAttribute({ id: 'k-choice', createdBy: '' }, { kind: 'choice', choices: [option('a', 'A'), option('b', 'B'), option('old', 'Old', true)] }),
      makeAttribute({ id: 'k-multi', createdBy: '' }, { kind: 'multiChoice', choices: [option('a', 'A'), option('b', 'B')] }),
      makeAttribute({ id: 'k-email', createdBy: '' }, { kind: 'email' }),
      makeAttribute({ id: 'k-phone', createdBy: '' }, { kind: 'phone' }),
      makeAttribute({ id: 'k-url', createdBy: '' }, { kind: 'url' }),
    ];
    const people = await team(kinds);
    const op = people.operator.user.id;
    const good = {
      'k-text': 'Ubojnia', 'k-long': 'linia 1\nlinia 2', 'k-int': 1234, 'k-dec': 12.5, 'k-date': '2026-11-27', 'k-bool': false,
      'k-choice': 'b', 'k-multi': ['a', 'b'], 'k-email': 'Biuro@firma.pl', 'k-phone': '+48 600 123 456', 'k-url': 'https://firma.pl',
    };
    await accept(people.operator.client, 'clients', [created(record('good', 'o1', op, good))]);
    expect(await pulled(people.operator.client, 'clients', 'good')).toMatchObject({ custom: good });

    const bad: [string, unknown, string][] = [
      ['k-text', ' Ubojnia', 'value.notNormalized'], ['k-text', 'a\u202Eb', 'chars.control'], ['k-text', 'a\nb', 'chars.control'],
      ['k-long', 'a\r\nb', 'value.notNormalized'], ['k-int', '1 234', 'value.notNormalized'], ['k-int', 12.5, 'custom.integer'],
      ['k-dec', '12,5', 'value.notNormalized'], ['k-date', '2026-02-30', 'custom.date'], ['k-date', '27.11.2026', 'custom.date'],
      ['k-bool', 'tak', 'custom.boolean'], ['k-choice', 'B', 'custom.choice'], ['k-choice', 'old', 'custom.choice'],
      ['k-multi', 'a', 'value.notNormalized'], ['k-multi', ['a', 'zz'], 'custom.choice'], ['k-email', 'Biuro@FIRMA.pl', 'value.notNormalized'],
      ['k-email', 'biuro', 'email.format'], ['k-phone', '600123456', 'value.notNormalized'], ['k-url', 'javascript:alert(1)', 'url.format'],
      ['k-url', 'firma.pl', 'value.notNormalized'],
    ];
    const rows = bad.map(([key, value], i) => created(record(`bad${i}`, 'o1', op, { [key]: value })));
    const result = await people.operator.client.push('clients', rows);
    expect(result.conflicts).toEqual([]);
    expect(byId(result.refused)).toEqual(byId(bad.map(([key, , code], i) => ({ id: `bad${i}`, code: 'VALIDATION', issues: [{ field: `custom:${key}`, code }] }))));
    expect(await s.count('clients')).toBe(1);
  });

  it('[V6] a required attribute must be filled on a new record; an existing record without it stays editable', async () => {
    const people = await team([makeAttribute({ id: 'nip-grupy', createdBy: '' })]);
    const op = people.operator;
    await accept(op.client, 'clients', [created(record('old', 'o1', op.user.id))]);
    const attribute = await pulled(people.principal.client, 'attributes', 'nip-grupy');
    await accept(people.principal.client, 'attributes', [edited(attribute, { required: true }, LATER)]);

    expect((await op.client.push('clients', [created(record('new', 'o1', op.user.id))])).refused).toEqual([
      { id: 'new', code: 'VALIDATION', issues: [{ field: 'custom:nip-grupy', code: 'custom.required' }] },
    ]);
    expect((await op.client.push('clients', [created(record('blank', 'o1', op.user.id, { 'nip-grupy': '' }))])).refused).toHaveLength(1);
    await accept(op.client, 'clients', [created(record('new', 'o1', op.user.id, { 'nip-grupy': 'Grupa Sokołów' }))]);

    const old = await pulled(op.client, 'clients', 'old');
    await accept(op.client, 'clients', [edited(old, { city: 'Płock' }, LATER)]);
    expect(await stored('clients', 'old')).toMatchObject({ city: 'Płock', custom: {} });
  });

  it('[V6] retiring an attribute or an option keeps stored values: the record stays editable and pulls with its value', async () => {
    const people = await team([
      makeAttribute({ id: 'segment', createdBy: '' }, { kind: 'choice', choices: [option('duza', 'Duża'), option('mala', 'Mała')] }),
      makeAttribute({ id: 'kanaly', createdBy: '' }, { kind: 'multiChoice', choices: [option('sklep', 'Sklep'), option('hurt', 'Hurt')] }),
      makeAttribute({ id: 'opis', createdBy: '' }),
    ]);
    const op = people.operator;
    const values = { segment: 'mala', kanaly: ['sklep', 'hurt'], opis: 'Ubojnia drobiu' };
    await accept(op.client, 'clients', [created(record('c1', 'o1', op.user.id, values))]);

    // The principal retires the option 'mala', the option 'hurt' and the whole attribute 'opis'.
    const principal = people.principal.client;
    const segment = await pulled(principal, 'attributes', 'segment');
    const kanaly = await pulled(principal, 'attributes', 'kanaly');
    const opis = await pulled(principal, 'attributes', 'opis');
    await accept(principal, 'attributes', [
      edited(segment, { choices: [option('duza', 'Duża'), option('mala', 'Mała', true)] }, LATER),
      edited(kanaly, { choices: [option('sklep', 'Sklep'), option('hurt', 'Hurt', true)] }, LATER),
      edited(opis, { retired: true }, LATER),
    ]);

    // The record holds all three: an edit of another field is accepted (unchanged values are not judged again).
    const master = await pulled(op.client, 'clients', 'c1');
    await accept(op.client, 'clients', [edited(master, { city: 'Płock' }, LATER)]);
    const after = await pulled(op.client, 'clients', 'c1');
    expect(after).toMatchObject({ city: 'Płock', custom: values });
    for (const who of [people.supervisor, people.principal, people.verifier, people.coordinator]) {
      expect(await pulled(who.client, 'clients', 'c1'), who.user.role).toEqual(after);
    }
    // Dropping one retired option keeps the other; the retired option is still not offered to new entries.
    await accept(op.client, 'clients', [edited(after, { custom: { kanaly: ['hurt'] } }, LATER + 1)]);
    expect(await stored('clients', 'c1')).toMatchObject({ custom: { segment: 'mala', kanaly: ['hurt'], opis: 'Ubojnia drobiu' } });
    expect((await op.client.push('clients', [created(record('c2', 'o1', op.user.id, { segment: 'mala' }))])).refused).toEqual([
      { id: 'c2', code: 'VALIDATION', issues: [{ field: 'custom:segment', code: 'custom.choice' }] },
    ]);
    // Switching away from a retired option and back is a new choice of it: refused.
    const current = await pulled(op.client, 'clients', 'c1');
    await accept(op.client, 'clients', [edited(current, { custom: { segment: 'duza' } }, LATER + 2)]);
    const switched = await pulled(op.client, 'clients', 'c1');
    expect((await op.client.push('clients', [edited(switched, { custom: { segment: 'mala' } }, LATER + 3)])).refused).toMatchObject([
      { id: 'c1', code: 'VALIDATION', issues: [{ field: 'custom:segment', code: 'custom.choice' }] },
    ]);
  });

  it('[V6] an order that stops using an attribute keeps its records editable; their values stay, new ones are refused', async () => {
    const people = await team([makeAttribute({ id: 'opis', createdBy: '' }), makeAttribute({ id: 'inne', createdBy: '' })]);
    const op = people.operator;
    await accept(op.client, 'clients', [created(record('c1', 'o1', op.user.id, { opis: 'Ubojnia drobiu' }))]);
    const order = await pulled(people.principal.client, 'orders', 'o1');
    await accept(people.principal.client, 'orders', [edited(order, { attributeIds: ['inne'] }, LATER)]);

    const master = await pulled(op.client, 'clients', 'c1');
    await accept(op.client, 'clients', [edited(master, { city: 'Płock', custom: { inne: 'x' } }, LATER)]);
    const after = await pulled(op.client, 'clients', 'c1');
    expect(after).toMatchObject({ city: 'Płock', custom: { opis: 'Ubojnia drobiu', inne: 'x' } });
    expect((await op.client.push('clients', [edited(after, { custom: { opis: 'zmiana' } }, LATER + 1)])).refused).toEqual([
      { id: 'c1', code: 'VALIDATION', issues: [{ field: 'custom:opis', code: 'custom.notBound' }] },
    ]);
    expect((await op.client.push('clients', [created(record('c2', 'o1', op.user.id, { opis: 'nowy' }))])).refused).toEqual([
      { id: 'c2', code: 'VALIDATION', issues: [{ field: 'custom:opis', code: 'custom.notBound' }] },
    ]);
  });

  it('[V6] relabelling an attribute and its options leaves the records\' values untouched', async () => {
    const people = await team([makeAttribute({ id: 'segment', createdBy: '' }, { kind: 'choice', choices: [option('duza', 'Duża'), option('mala', 'Mała')] })]);
    const op = people.operator;
    await accept(op.client, 'clients', [created(record('c1', 'o1', op.user.id, { segment: 'duza' }))]);
    const { documents: before, checkpoint } = await people.supervisor.client.pullAll('clients');
    const audits = await s.count('audit', "collection = 'clients'");

    const attribute = await pulled(people.coordinator.client, 'attributes', 'segment');
    await accept(people.coordinator.client, 'attributes', [
      edited(attribute, { label: 'Wielkość firmy', labelEn: 'Company size', choices: [option('duza', 'Ponad 250 osób'), option('mala', 'Do 50 osób')] }, LATER),
    ]);
    expect(await stored('attributes', 'segment')).toMatchObject({ label: 'Wielkość firmy', choices: [{ key: 'duza', label: 'Ponad 250 osób' }, { key: 'mala' }] });
    // No record was rewritten: nothing new to pull, no audit entry, the value is still the key.
    expect((await people.supervisor.client.pull('clients', checkpoint)).documents).toEqual([]);
    expect(await s.count('audit', "collection = 'clients'")).toBe(audits);
    expect((await people.supervisor.client.pullAll('clients')).documents).toEqual(before);
    expect(await stored('clients', 'c1')).toMatchObject({ custom: { segment: 'duza' } });
  });

  it('[V6][S10] a hostile label and hostile values are stored and returned byte for byte', async () => {
    const label = '<img src=x onerror=alert(1)>';
    const hint = '=HYPERLINK("http://evil.example","Kliknij")';
    const people = await team([
      makeAttribute({ id: 'tekst', createdBy: '' }, { label, labelEn: '<script>alert(1)</script>', hint, hintEn: '@SUM(1)' }),
      makeAttribute({ id: 'dlugi', createdBy: '' }, { kind: 'longText', label: '"><svg/onload=alert(1)>' }),
      makeAttribute({ id: 'wybor', createdBy: '' }, { kind: 'choice', choices: [option('x', '=cmd|\' /C calc\'!A0'), option('proto', '__proto__')] }),
    ]);
    const values = {
      tekst: '=HYPERLINK("http://evil.example")', dlugi: '+1\n-1+1\n@SUM(1)\n<img src=x onerror=alert(1)>\n__proto__', wybor: 'proto',
    };
    const op = people.operator;
    await accept(op.client, 'clients', [created(record('c1', 'o1', op.user.id, values))]);
    for (const who of [op, people.principal, people.admin]) {
      expect((await pulled(who.client, 'clients', 'c1')).custom, who.user.role).toEqual(values);
      const attribute = await pulled(who.client, 'attributes', 'tekst');
      expect([attribute.label, attribute.labelEn, attribute.hint, attribute.hintEn]).toEqual([label, '<script>alert(1)</script>', hint, '@SUM(1)']);
    }
    // Stored as JSON text, not interpreted: the database holds the same characters.
    const raw = await s.db.query<{ tekst: string; dlugi: string; label: string }>(
      "SELECT c.doc->'custom'->>'tekst' AS tekst, c.doc->'custom'->>'dlugi' AS dlugi, a.doc->>'label' AS label FROM clients c, attributes a WHERE c.id = 'c1' AND a.id = 'tekst'",
    );
    expect(raw.rows[0]).toEqual({ tekst: values.tekst, dlugi: values.dlugi, label });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  // ---- closed orders [P4] -------------------------------------------------------------------

  it('[P4] a definitively closed order refuses record writes, custom values included', async () => {
    const people = await team([makeAttribute({ id: 'opis', createdBy: '' })]);
    const op = people.operator;
    await accept(op.client, 'clients', [created(record('c1', 'o1', op.user.id, { opis: 'przed zamknięciem' }))]);
    const master = await pulled(op.client, 'clients', 'c1');
    await people.principal.client.json('POST', '/api/orders/o1/close', { confirm: true });
    expect(await stored('orders', 'o1')).toMatchObject({ status: 'closed' });
    const order = await pulled(people.admin.client, 'orders', 'o1');

    const closed = { code: 'ORDER_CLOSED', issues: [{ field: 'orderId', code: 'order.closed' }] };
    const edit = await op.client.push('clients', [edited(master, { custom: { opis: 'po zamknięciu' } }, LATER)]);
    expect(edit).toEqual({ conflicts: [master], refused: [{ id: 'c1', ...closed }] });
    expect((await op.client.push('clients', [created(record('c2', 'o1', op.user.id, { opis: 'nowy' }))])).refused).toEqual([{ id: 'c2', ...closed }]);
    // Not even an administrator writes in it, nor does anyone rebind its attributes.
    expect((await people.admin.client.push('clients', [edited(master, { custom: { opis: 'admin' } }, LATER)])).refused).toEqual([{ id: 'c1', ...closed }]);
    const rebinding = await people.admin.client.push('orders', [edited(order, { attributeIds: [] }, LATER)]);
    expect(rebinding.refused).toMatchObject([{ id: 'o1', code: 'ORDER_CLOSED' }]);
    expect(await stored('clients', 'c1')).toEqual((({ _deleted: _, ...doc }) => doc)(master));
    expect(await s.count('clients')).toBe(1);
    expect(await s.count('refused_changes', "code = 'ORDER_CLOSED'")).toBe(4);
  });

  // ---- what devices count from ----------------------------------------------------------------

  it('[S3] every role\'s pulled records give the per-operator counts the database gives for that role\'s scope', async () => {
    // There is no server aggregate: devices count what they hold. So what each role pulls must be
    // exactly its scope (DESIGN.md roles table), written here as SQL independently of rules/scope.ts.
    const people = await team([makeAttribute({ id: 'segment', createdBy: '' }, { kind: 'choice', choices: [option('duza', 'Duża'), option('mala', 'Mała')] })]);
    const { principal, supervisor, coordinator, admin, operator: a, verifier } = people;
    const b = await s.signIn('operator');
    const otherSupervisor = await s.signIn('supervisor');
    const d = await s.signIn('operator');
    const otherPrincipal = await s.signIn('principal');
    await s.setManager(b.user.id, supervisor.user.id);
    await s.setManager(d.user.id, otherSupervisor.user.id);
    await accept(principal.client, 'orders', [created(makeOrder({ id: 'o2', createdBy: principal.user.id }, { attributeIds: ['segment'] }))]);
    await accept(otherPrincipal.client, 'orders', [created(makeOrder({ id: 'x1', createdBy: otherPrincipal.user.id }, { attributeIds: ['segment'] }))]);
    for (const [orderId, who] of [['o1', [b, otherSupervisor, d]], ['o2', [supervisor, a]], ['x1', [otherSupervisor, d, a]]] as const) {
      for (const w of who) await s.bind(orderId, w.user.id);
    }
    const plan: [SignedIn, string, number][] = [
      [a, 'o1', 4], [a, 'o2', 2], [a, 'x1', 1], [b, 'o1', 3], [d, 'o1', 2], [d, 'x1', 3], [supervisor, 'o1', 1], [otherSupervisor, 'x1', 2],
    ];
    let n = 0;
    for (const [who, orderId, count] of plan) {
      const rows = Array.from({ length: count }, () => {
        n++;
        return created(record(`r${n}`, orderId, who.user.id, { segment: n % 3 === 0 ? 'duza' : 'mala' }));
      });
      await accept(who.client, 'clients', rows);
    }
    // A deleted record counts nowhere.
    await accept(a.client, 'clients', [deleted(await pulled(a.client, 'clients', 'r1'))]);

    const countsOf = (docs: Doc[]) => {
      const out: Record<string, number> = {};
      for (const doc of docs.filter((d) => d._deleted !== true)) {
        const key = `${String(doc.orderId)}|${String(doc.ownerId)}|${String((doc.custom as Record<string, unknown>).segment)}`;
        out[key] = (out[key] ?? 0) + 1;
      }
      return out;
    };
    const fromDatabase = async (where: string, params: unknown[]) => {
      const result = await s.db.query<{ order_id: string; owner_id: string; segment: string; n: string | number }>(
        `SELECT order_id, owner_id, doc->'custom'->>'segment' AS segment, count(*) AS n FROM clients
         WHERE NOT deleted AND (${where}) GROUP BY 1, 2, 3`,
        params,
      );
      return Object.fromEntries(result.rows.map((r) => [`${r.order_id}|${r.owner_id}|${r.segment}`, Number(r.n)]));
    };
    const ordersOf = (p: SignedIn) => `order_id IN (SELECT id FROM orders WHERE principal_id = '${p.user.id}')`;
    const scopes: [string, SignedIn, string, unknown[]][] = [
      ['operator: own records', a, 'owner_id = $1', [a.user.id]],
      ['supervisor: own and their operators\'', supervisor, 'owner_id = ANY($1::text[])', [[supervisor.user.id, a.user.id, b.user.id]]],
      ['other supervisor', otherSupervisor, 'owner_id = ANY($1::text[])', [[otherSupervisor.user.id, d.user.id]]],
      ['principal: their orders', principal, ordersOf(principal), []],
      ['other principal', otherPrincipal, ordersOf(otherPrincipal), []],
      ['verifier: bound orders', verifier, "order_id = 'o1'", []],
      ['coordinator: everything', coordinator, 'TRUE', []],
      ['administrator: everything', admin, 'TRUE', []],
    ];
    for (const [name, who, where, params] of scopes) {
      // Small pages, as a device on a slow line pulls them.
      const { documents } = await who.client.pullAll('clients', null, 3);
      const expected = await fromDatabase(where, params);
      expect(countsOf(documents), name).toEqual(expected);
      expect(Object.values(expected).reduce((x, y) => x + y, 0), name).toBeGreaterThan(0);
    }
    expect(Object.values(await fromDatabase('TRUE', [])).reduce((x, y) => x + y, 0)).toBe(n - 1);
  });
});
