import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown hook runs, in-flight work is simply lost. */
  kill(): Promise<void>;
}

const ROOT = process.cwd();

/**
 * The real service (src/main.ts, as `npm run start:prod` runs it) in a child process, transpiled on
 * the fly like jest does; resolves once it listens. `env` is its whole configuration.
 */
export async function startService(env: Record<string, string>, timeoutMs = 30_000): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    ['--import', join(ROOT, 'test/support/child/ts-register.cjs'), join(ROOT, 'src/main.ts')],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'log', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`service did not start:\n${output.slice(-2000)}`)),
      timeoutMs,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Listening on (http:\/\/[^\s"]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\[::1?\]/, '127.0.0.1'));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited (${code}) before listening:\n${output.slice(-2000)}`));
    });
  });
  return {
    url,
    child,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
