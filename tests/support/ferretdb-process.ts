import { ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { ferretDbArguments } from './mongo-global-setup';

const START_TIMEOUT_MS = 20_000;

/** Whether something accepts connections on 127.0.0.1:`port`. */
const listening = (port: number): Promise<boolean> =>
  new Promise((answer) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      answer(true);
    });
    socket.once('error', () => answer(false));
  });

/**
 * One FerretDB server (SQLite backend) of a test's own, in its own directory and on its own port,
 * that the test kills with SIGKILL and starts again on the same files, as often as it likes.
 */
export class FerretDbProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly killOnExit = () => this.child?.kill('SIGKILL');

  constructor(
    private readonly binary: string,
    private readonly dir: string,
    readonly port: number,
  ) {}

  get uri(): string {
    return `mongodb://127.0.0.1:${this.port}/`;
  }

  /** Starts the server and resolves once it accepts connections. */
  async start(): Promise<void> {
    const child = spawn(this.binary, ferretDbArguments(this.dir, this.port), { cwd: this.dir, stdio: ['ignore', 'ignore', 'ignore'] });
    this.child = child;
    let gone = false;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => (gone = true));
    process.once('exit', this.killOnExit);
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await listening(this.port))) {
      if (gone) throw new Error(`FerretDB exited while starting on port ${this.port}`);
      if (Date.now() > deadline) throw new Error(`FerretDB did not listen on port ${this.port} within ${START_TIMEOUT_MS / 1000} s`);
      await new Promise((wait) => setTimeout(wait, 10));
    }
  }

  /** SIGKILL: the server dies at once, mid-write or not; resolves when it is gone. */
  async kill(): Promise<void> {
    process.removeListener('exit', this.killOnExit);
    this.child?.kill('SIGKILL');
    await this.exited;
    this.child = undefined;
  }
}
