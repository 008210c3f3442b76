// The one shape of every document id a request may name: what is not of it names nothing (and never reaches SQL).

/** Letters, digits, `_` and `-`, 1–64 characters: record, order, attribute and user ids (UUIDs included). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const isId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);
