import type { Command } from 'commander';
import { printRecord } from '../../cli/output.js';
import { invalid } from '../../core/index.js';
import { decodeEpcHex, EPC_SCHEMES, type EpcForms, type EpcScheme, encodeEpc } from './index.js';

const record = (f: EpcForms): Record<string, unknown> => ({
  scheme: f.scheme,
  filter: f.filter,
  hex: f.hex,
  'pure identity': f.pureIdentityUrn,
  'tag URI': f.tagUri,
  'element string': f.elementString,
  'digital link': f.digitalLink,
});

const integerOption = (value: string | undefined, name: string): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) throw invalid(`${name} must be a whole number`, [{ field: name, message: 'not a whole number' }]);
  return Number(value);
};

/** `greenlink epc decode <hex>` and `greenlink epc encode <urn>`. */
export function registerEpcCommands(program: Command): void {
  const epc = program.command('epc').description('GS1 EPC identifiers: RFID hex <-> URN, tag URI, element string, Digital Link');

  epc
    .command('decode <hex>')
    .description('decode RFID reader hex (SGTIN-96/198, SSCC-96, SGLN-96, GRAI-96/170, GIAI-96)')
    .option('--domain <url>', 'Digital Link domain', 'https://id.gs1.org')
    .option('--json', 'machine-readable output')
    .action((hex: string, opts: { domain: string; json?: boolean }) => {
      const forms = decodeEpcHex(hex, { domain: opts.domain });
      printRecord(opts.json ? (forms as unknown as Record<string, unknown>) : record(forms), opts);
    });

  epc
    .command('encode <urn>')
    .description('encode a pure-identity URN, tag URI or GS1 Digital Link URI to RFID hex')
    .option('--filter <n>', 'filter value 0-7 (default 0, or the tag URI’s)')
    .option('--scheme <scheme>', `${EPC_SCHEMES.join(' | ')} (default: 96-bit when the serial fits)`)
    .option('--company-prefix-length <n>', 'GS1 company prefix digits (needed for a Digital Link)')
    .option('--domain <url>', 'Digital Link domain', 'https://id.gs1.org')
    .option('--json', 'machine-readable output')
    .action(
      (urn: string, opts: { filter?: string; scheme?: string; companyPrefixLength?: string; domain: string; json?: boolean }) => {
        const filter = integerOption(opts.filter, 'filter');
        const companyPrefixLength = integerOption(opts.companyPrefixLength, 'companyPrefixLength');
        const forms = encodeEpc(urn, {
          domain: opts.domain,
          ...(filter === undefined ? {} : { filter }),
          ...(companyPrefixLength === undefined ? {} : { companyPrefixLength }),
          ...(opts.scheme === undefined ? {} : { scheme: opts.scheme.toLowerCase() as EpcScheme }),
        });
        printRecord(opts.json ? (forms as unknown as Record<string, unknown>) : record(forms), opts);
      },
    );
}
