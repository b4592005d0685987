import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../core/index.js';
import { registerEpcCommands } from './cli.js';

async function run(args: string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    const program = new Command().exitOverride();
    registerEpcCommands(program);
    await program.parseAsync(['node', 'greenlink', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('greenlink epc', () => {
  afterEach(() => vi.restoreAllMocks());

  it('decodes reader hex', async () => {
    const out = await run(['epc', 'decode', '3374257BF40C0E400000162E']);
    expect(out).toMatch(/pure identity\s+urn:epc:id:grai:0614141\.12345\.5678/);
    expect(out).toMatch(/digital link\s+https:\/\/id\.gs1\.org\/8003\/006141411234525678/);
  });

  it('encodes a URN with filter and scheme, as JSON', async () => {
    const out = await run([
      'epc',
      'encode',
      'urn:epc:id:grai:0614141.12345.32a%2Fb',
      '--filter',
      '3',
      '--scheme',
      'grai-170',
      '--json',
    ]);
    const forms = JSON.parse(out);
    expect(forms.hex).toBe('3774257BF40C0E59B2C2BF100000000000000000000');
    expect(forms.tagUri).toBe('urn:epc:tag:grai-170:3.0614141.12345.32a%2Fb');
  });

  it('encodes a Digital Link with the company prefix length', async () => {
    const out = await run([
      'epc',
      'encode',
      'https://id.gs1.org/8003/006141411234525678',
      '--filter',
      '3',
      '--company-prefix-length',
      '7',
    ]);
    expect(out).toMatch(/hex\s+3374257BF40C0E400000162E/);
  });

  it('fails with a reason on bad input', async () => {
    await expect(run(['epc', 'decode', '3374257BF40C'])).rejects.toThrow(AppError);
    await expect(run(['epc', 'encode', 'urn:epc:id:grai:0614141.12345.5678', '--filter', 'x'])).rejects.toThrow(/whole number/);
  });
});
