-- Sign-in limits shared by every instance on this database [S21]: one row per (login, address) pair,
-- per login and per address. Valid on PostgreSQL 15 and on PGlite (PostgreSQL 18).
CREATE TABLE login_limits (
  kind text NOT NULL CHECK (kind IN ('pair', 'login', 'address')),
  -- The normalised login as typed ('' for kind 'address', or for a login that cannot exist).
  login text NOT NULL,
  -- The client address, an IPv6 client's /64 ('' for kind 'login').
  address text NOT NULL,
  -- Counted failures, one forgotten per leak interval since last_failure_at.
  failures integer NOT NULL DEFAULT 0,
  last_failure_at timestamptz,
  -- Attempts before this time are refused 429 with Retry-After, without checking the password.
  blocked_until timestamptz,
  -- kind 'pair' only: this pair signed in, so the login's and the address's waits do not apply to it.
  trusted_until timestamptz,
  -- After this the row remembers nothing and is swept.
  forget_at timestamptz NOT NULL,
  PRIMARY KEY (kind, login, address)
);
CREATE INDEX login_limits_forget ON login_limits (forget_at);
