import { readFileSync } from 'node:fs';
import { formatDevTenantBanner } from './config/dev-tenant.js';
import { ConfigError, HELP_TEXT, loadConfig, parseCliArgs } from './config/load.js';
import type { ServerConfig } from './config/types.js';
import { createLogger, type Logger } from './log.js';
import type { RunningServer } from './server.js';

/** Where {@link main} writes its text; the process streams unless a test passes its own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** @default process.cwd() */
  cwd?: string;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function packageVersion(): string {
  // `../package.json` from both `src/cli.ts` (tests) and `dist/cli.js` (the bin).
  const raw: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const version = (raw as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The `parley-server` command: parses the flags, loads the configuration, starts the server
 * (which creates or loads the development tenant when no app is configured; development
 * sign-in is then on) and runs until SIGINT or SIGTERM. The first signal closes the server gracefully; a second one exits at once with 1.
 *
 * @param argv - The arguments after the script name (`process.argv.slice(2)`).
 * @param env - The environment (`process.env`).
 * @param io - Output streams and working directory. @default the process's
 * @returns The exit status: 0 after `--help`, `--version` or a clean shutdown; 1 when the
 *   server fails to start or to close; 2 for a bad flag, variable or config file.
 * @throws Never: failures are printed to stderr and turned into the exit status.
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv, io: CliIo = processIo): Promise<number> {
  let config: ServerConfig;
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.stdout(HELP_TEXT);
      return 0;
    }
    if (args.version) {
      io.stdout(`${packageVersion()}\n`);
      return 0;
    }
    config = loadConfig({ argv, env, cwd: io.cwd ?? process.cwd() });
    // The development tenant exists for trying things out: the demo app signs in through
    // `POST /parley/dev/v1/credentials`. A configured app never gets that endpoint.
    config.devCredentials = config.devTenant && config.apps.length === 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`parley-server: ${error.message}\nRun parley-server --help for the options.\n`);
      return 2;
    }
    io.stderr(`parley-server: ${describeError(error)}\n`);
    return 1;
  }

  const log = createLogger({ level: config.logLevel });
  let server: RunningServer;
  try {
    // Loaded only when a server is started, so `--help` stays instant.
    const { startServer } = await import('./server.js');
    server = await startServer(config, { log });
  } catch (error) {
    if (error instanceof ConfigError) {
      // An invalid dev-tenant.json: the message says to delete it.
      io.stderr(`parley-server: ${error.message}\n`);
      return 2;
    }
    log.error('server failed to start', { err: error });
    io.stderr(`parley-server: failed to start: ${describeError(error)}\n`);
    return 1;
  }
  const dev = server.devTenant;
  if (dev !== undefined) {
    log.info(dev.created ? 'development tenant created' : 'development tenant loaded', {
      appId: dev.app.id,
      dataDir: config.dataDir,
    });
    // Deliberately outside the logger, which would redact the credentials this exists to show.
    io.stdout(`${formatDevTenantBanner(dev.app, server.url)}\n`);
  }
  return waitForShutdown(server, log);
}

/** Resolves with the exit status once a signal has closed the server. */
function waitForShutdown(server: RunningServer, log: Logger): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        // The operator does not want to wait for the graceful close.
        log.warn('second signal, exiting now', { signal });
        process.exit(1);
      }
      stopping = true;
      log.info('shutting down', { signal });
      server.close().then(
        () => finish(0),
        (error: unknown) => {
          log.error('shutdown failed', { err: error });
          finish(1);
        },
      );
    };
    const finish = (code: number): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(code);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
