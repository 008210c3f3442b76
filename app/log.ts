// The app's tiny logger: one place that talks to the console, so modules never call console directly.

type Level = 'info' | 'warn' | 'error';

function write(level: Level, message: string, detail?: unknown): void {
  // Info lines are for development only; warnings and errors also help support on a real device.
  if (level === 'info' && !import.meta.env.DEV) return;
  const line = `[kartoteka] ${message}`;
  if (detail === undefined) console[level](line);
  else console[level](line, detail);
}

export const log = {
  info: (message: string, detail?: unknown) => write('info', message, detail),
  warn: (message: string, detail?: unknown) => write('warn', message, detail),
  error: (message: string, detail?: unknown) => write('error', message, detail),
};
