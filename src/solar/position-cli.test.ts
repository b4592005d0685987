import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../core/index.js';
import { addPositionCommand } from './position-cli.js';

async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  addPositionCommand(program);
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  await program.parseAsync(['node', 'x', 'position', ...args]);
  return out;
}

const GOLDEN = ['--lat', '39.742476', '--lon', '-105.1786', '--elevation', '1830.14', '--pressure', '820', '--temp', '11'];

describe('solar position command', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints the SPA example as JSON, rise and set in the offset of --time', async () => {
    const out = JSON.parse(await run([...GOLDEN, '--delta-t', '67', '--time', '2003-10-17T12:30:30-07:00', '--json']));
    expect(Math.abs(out.apparentZenith - 50.1116220240297)).toBeLessThan(1e-8);
    expect(Math.abs(out.azimuth - 194.340240510192)).toBeLessThan(1e-8);
    expect(Math.abs(out.elevation - 39.872046)).toBeLessThan(1e-6);
    expect(Math.abs(out.equationOfTimeMin - 14.64151)).toBeLessThan(1e-5);
    // spa_tester truncates to 06:12:43 / 17:20:19; these are rounded (43.4 s, 19.2 s).
    expect(out.sunrise).toBe('2003-10-17T06:12:43-07:00');
    expect(out.sunset).toBe('2003-10-17T17:20:19-07:00');
    expect(out.transit).toBe('2003-10-17T11:46:05-07:00');
  });

  it('prints a readable record by default', async () => {
    const out = await run(['--lat', '31.23', '--lon', '121.47', '--time', '2025-06-21T12:00:00+08:00']);
    expect(out).toMatch(/^apparentZenith\s+\d+\.\d{6}$/m);
    expect(out).toMatch(/^sunrise\s+2025-06-21T04:5\d:\d\d\+08:00$/m);
    expect(out).toMatch(/^sunset\s+2025-06-21T19:0\d:\d\d\+08:00$/m);
  });

  it('says when the Sun does not rise', async () => {
    const out = JSON.parse(await run(['--lat', '78.22', '--lon', '15.65', '--time', '2025-12-21T12:00:00+01:00', '--json']));
    expect(out.sunrise).toBeNull();
    expect(out.elevation).toBeLessThan(0);
  });

  it('refuses a latitude out of range and a time without offset, naming the field', async () => {
    const fieldOf = async (args: string[]): Promise<string | undefined> => {
      try {
        await run(args);
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        return (err as AppError).details[0]?.field;
      }
      return undefined;
    };
    expect(await fieldOf(['--lat', '91', '--lon', '0', '--time', '2025-01-01T00:00:00Z'])).toBe('lat');
    expect(await fieldOf(['--lat', '10', '--lon', 'east', '--time', '2025-01-01T00:00:00Z'])).toBe('lon');
    expect(await fieldOf(['--lat', '10', '--lon', '0', '--time', '2025-01-01T12:00:00'])).toBe('time');
  });
});
