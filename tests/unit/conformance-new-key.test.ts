import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNewKey } from '../../scripts/conformance/new-key';

/** `npm run conformance -- --new-key <folder>`: the private key file is its owner's alone, made anew or written over. */
describe('the conformance kit’s new key', () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'conformance-key-'));
  });

  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const modeOf = (file: string): number => statSync(file).mode & 0o777;

  it('writes a private key only its owner reads, and its public key set', () => {
    const { keyFile, jwksFile } = writeNewKey(folder);
    expect(modeOf(keyFile)).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
    expect(readFileSync(jwksFile, 'utf8')).not.toMatch(/"d"/);
  });

  it('makes a key file left readable by everyone owner-only before it writes a private key into it', () => {
    const keyFile = join(folder, 'signing-key.pem');
    writeFileSync(keyFile, 'an earlier key', { mode: 0o644 });
    expect(modeOf(keyFile)).toBe(0o644);
    writeNewKey(folder);
    expect(modeOf(keyFile)).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
  });
});
