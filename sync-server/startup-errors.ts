// Start-up failures an administrator can fix, each turned into one line naming the setting to change [S23].

/** A failure whose message is already the one line to print (it names the setting). */
export class StartupError extends Error {
  override name = 'StartupError';
}

interface Where {
  port: number;
  host: string;
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** The one line for a failed listen (EADDRINUSE and friends), or undefined when it is something else. */
export function listenFailure(error: unknown, where: Where): string | undefined {
  switch (codeOf(error)) {
    case 'EADDRINUSE':
      return `Port ${where.port} is already in use on ${where.host}: stop the other program or set PORT to a free port (e.g. PORT=${where.port + 1}).`;
    case 'EACCES':
      return `Port ${where.port} on ${where.host} needs privileges this user lacks: set PORT to 1024 or above.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HOST ${where.host} is not an address of this machine: set HOST to one of its addresses, 127.0.0.1 or 0.0.0.0.`;
    default:
      return undefined;
  }
}

/** The one line to print for any start-up failure; unexpected ones say so (their stack goes to the log). */
export function startupLine(error: unknown, where: Where): { line: string; expected: boolean } {
  if (error instanceof StartupError) return { line: error.message, expected: true };
  const listen = listenFailure(error, where);
  if (listen) return { line: listen, expected: true };
  const message = error instanceof Error ? error.message : String(error);
  return { line: `Kartoteka did not start: ${message}`, expected: false };
}

/** The address that answers, for the start-up line: PUBLIC_URL when set, else what HOST names. */
export function publicAddress(host: string, port: number, publicUrl: string | undefined): string {
  const first = publicUrl?.split(',')[0]?.trim();
  if (first) return first.replace(/\/$/, '');
  if (host === '0.0.0.0' || host === '::' || host === '') return `http://localhost:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}
