// Structured logging: one JSON object per line on stdout, so any log collector can parse it.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** An Error becomes its name, message and stack; JSON.stringify would print `{}`. */
function plain(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export interface LoggerOptions {
  level?: LogLevel;
  now?: () => number;
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const now = options.now ?? Date.now;
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const log = (level: LogLevel) => (msg: string, fields: LogFields = {}) => {
    if (RANK[level] < min) return;
    const entry: LogFields = { time: new Date(now()).toISOString(), level, msg };
    for (const [key, value] of Object.entries(fields)) entry[key] = plain(value);
    write(`${JSON.stringify(entry)}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** For tests and tools that want no output. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
