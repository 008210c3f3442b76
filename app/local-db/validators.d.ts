// Types of the build-time generated module of precompiled ajv validators (precompile-validators.ts).
declare module 'virtual:kartoteka-validators' {
  type Validator = ((doc: unknown) => boolean) & { errors?: unknown[] | null };
  export const orders: Validator;
  export const clients: Validator;
  export const attributes: Validator;
  export const assignments: Validator;
  export const users: Validator;
  export const comments: Validator;
  /** Fingerprint of the storage schema each validator was compiled from, by collection name. */
  export const fingerprints: Record<string, string>;
}
